import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';

import { DidResolutionService } from '@dpi/did';
import { SERVICE_CONFIG, SERVICE_CONTEXT, type ServiceContext } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { DidDocumentValidator } from './did-document.validator';
import { DID_EVENT_SINK } from './did-event.sink';
import { DidVersionRepository } from './did-version.repository';
import { OutboxDidEventSink } from './outbox-did-event.sink';
import { DID_CACHE_INVALIDATOR, DID_DOCUMENT_VALIDATOR, DidService } from './did.service';
import { RegistrarJobRepository } from './registrar-job.repository';
import { RegistrarController } from './registrar.controller';
import { PrivateKeyMaterialGuard } from './private-key-material.guard';
import { RegistrarService } from './registrar.service';
import { ResolverController } from './resolver.controller';
import {
  DID_WEB_CACHE,
  DID_WEB_RESOLVER,
  dpiHistoryDriver,
  DPI_RESOLUTION_CACHE,
  ResolutionService,
} from './resolution.service';
import { SandboxClock } from './sandbox.clock';

function contractSchema(context: ServiceContext, file: string): object {
  return JSON.parse(readFileSync(join(context.contractsDir, 'schemas', file), 'utf8')) as object;
}

/** DIDs: the did:dpi registry (Universal Registrar API) and the resolver (Universal Resolver HTTP binding). */
@Module({
  controllers: [ResolverController, RegistrarController],
  providers: [
    SandboxClock,
    PrivateKeyMaterialGuard,
    DidVersionRepository,
    RegistrarJobRepository,
    { provide: DID_EVENT_SINK, useClass: OutboxDidEventSink },
    {
      provide: DID_DOCUMENT_VALIDATOR,
      inject: [SERVICE_CONTEXT],
      useFactory: (context: ServiceContext) =>
        new DidDocumentValidator(contractSchema(context, 'did-document.schema.json')),
    },
    {
      // undefined when RESOLUTION_CACHE_TTL_MS is 0: every resolution then reads PostgreSQL.
      provide: DPI_RESOLUTION_CACHE,
      inject: [DidVersionRepository, SERVICE_CONFIG, SandboxClock],
      useFactory: (versions: DidVersionRepository, config: IdentityRegistryConfig, clock: SandboxClock) =>
        config.RESOLUTION_CACHE_TTL_MS > 0
          ? new DidResolutionService({
              drivers: { dpi: dpiHistoryDriver(versions) },
              web: false,
              ttlMs: config.RESOLUTION_CACHE_TTL_MS,
              notFoundTtlMs: Math.min(10_000, config.RESOLUTION_CACHE_TTL_MS),
              clock,
            })
          : undefined,
    },
    {
      // did:web through a short cache: a DID names any host, so repeated resolutions must not turn
      // the registry into a request amplifier against it (failures included).
      provide: DID_WEB_RESOLVER,
      inject: [SERVICE_CONFIG, SandboxClock],
      useFactory: (config: IdentityRegistryConfig, clock: SandboxClock) =>
        new DidResolutionService({
          web: { allowHttpForLocalhost: config.DID_WEB_ALLOW_HTTP_LOCALHOST },
          ...DID_WEB_CACHE,
          clock,
        }),
    },
    {
      provide: DID_CACHE_INVALIDATOR,
      inject: [ResolutionService],
      useFactory: (resolution: ResolutionService) => (did: string) => resolution.invalidate(did),
    },
    ResolutionService,
    DidService,
    RegistrarService,
  ],
  // SandboxClock is exported so credentials use the same (test- and lab-movable) clock.
  exports: [DidService, ResolutionService, SandboxClock],
})
export class DidsModule {}
