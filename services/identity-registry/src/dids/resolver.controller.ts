import { Controller, Get, Inject, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { DidResolutionException } from './did-resolution.exception';
import { DidResolutionFilter } from './resolution.filter';
import {
  ifNoneMatchHits,
  MEDIA_TYPES,
  negotiateRepresentation,
  representationBody,
  SUPPORTED_ACCEPT,
  type Representation,
} from './resolution.representation';
import { ResolutionService, SUPPORTED_METHODS, type ResolvedDid } from './resolution.service';
import { DidVersionRepository } from './did-version.repository';

const IDENTIFIERS_PREFIX = '/1.0/identifiers/';
const TEST_DID_KEY = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';

interface Rendered {
  body: string;
  etag?: string;
}

/** The DIF Universal Resolver HTTP binding: GET /1.0/identifiers/{did} and the resolver's self-description. */
@Controller('1.0')
@UseFilters(DidResolutionFilter)
export class ResolverController {
  // Rendered bodies per resolved object and representation: a cached DID is serialised once.
  private readonly rendered = new WeakMap<ResolvedDid, Map<Representation, Rendered>>();

  constructor(
    private readonly resolution: ResolutionService,
    private readonly versions: DidVersionRepository,
    @Inject(SERVICE_CONFIG) private readonly config: IdentityRegistryConfig,
  ) {}

  @Get('identifiers')
  missingDid(): never {
    throw new DidResolutionException(
      'INVALID_DID',
      'No DID given: GET /1.0/identifiers/{did}, e.g. /1.0/identifiers/did:key:z6Mk....',
    );
  }

  @Get('identifiers/*')
  async resolve(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const representation = negotiateRepresentation(request.headers.accept);
    if (!representation)
      throw new DidResolutionException(
        'REPRESENTATION_NOT_SUPPORTED',
        `Accept: ${request.headers.accept} names no representation this resolver offers; ask for one of ${SUPPORTED_ACCEPT.join(', ')}.`,
      );
    const raw = (request.url.split('?')[0] as string).slice(IDENTIFIERS_PREFIX.length);
    // A DID may contain percent-encoding of its own (did:web:host%3A8443), so only a DID (URL) sent
    // percent-encoded as a whole (did%3A...) is decoded, once.
    let identifier = raw;
    if (/^did%3a/i.test(raw)) {
      try {
        identifier = decodeURIComponent(raw);
      } catch {
        throw new DidResolutionException(
          'INVALID_DID',
          'The DID in the path is not validly percent-encoded.',
        );
      }
    }
    const resolved = await this.resolution.resolve(identifier, request.query as Record<string, unknown>);
    if (resolved.deactivated && representation !== 'result')
      throw new DidResolutionException(
        'DEACTIVATED',
        `${resolved.did} was deactivated and has no DID document; ask for application/did-resolution to get its metadata, or resolve an earlier versionId.`,
        { didDocumentMetadata: resolved.metadata },
      );
    const { body, etag } = this.render(resolved, representation);
    const status = resolved.deactivated ? 410 : 200;
    reply.header('content-type', MEDIA_TYPES[representation]).header('vary', 'Accept');
    reply.header(
      'cache-control',
      representation === 'result' && !resolved.deactivated && resolved.method === 'dpi'
        ? 'no-cache'
        : resolved.cacheControl,
    );
    if (etag) {
      reply.header('etag', etag);
      if (ifNoneMatchHits(request.headers['if-none-match'], etag)) {
        reply.status(304).send();
        return;
      }
    }
    reply.status(status).send(body);
  }

  @Get('methods')
  methods(): readonly string[] {
    return SUPPORTED_METHODS;
  }

  @Get('properties')
  properties(): Record<string, unknown> {
    return {
      'driver-dpi': {
        method: 'dpi',
        source: 'this registry (PostgreSQL, hash-chained history)',
        cacheTtlMs: this.config.RESOLUTION_CACHE_TTL_MS,
        options: ['versionId', 'versionTime'],
      },
      'driver-key': { method: 'key', keyTypes: ['Ed25519'] },
      'driver-web': { method: 'web', allowHttpForLocalhost: this.config.DID_WEB_ALLOW_HTTP_LOCALHOST },
      accept: SUPPORTED_ACCEPT,
    };
  }

  @Get('testIdentifiers')
  async testIdentifiers(): Promise<Record<string, string[]>> {
    return { dpi: await this.versions.recentActiveDids(5), key: [TEST_DID_KEY], web: [] };
  }

  private render(resolved: ResolvedDid, representation: Representation): Rendered {
    let perRepresentation = this.rendered.get(resolved);
    if (!perRepresentation) {
      perRepresentation = new Map();
      this.rendered.set(resolved, perRepresentation);
    }
    let rendered = perRepresentation.get(representation);
    if (!rendered) {
      rendered = {
        body: representationBody(representation, resolved.document, resolved.metadata),
        ...(resolved.etag ? { etag: `"${resolved.etag}-${representation.replace(/\+/g, '-')}"` } : {}),
      };
      perRepresentation.set(representation, rendered);
    }
    return rendered;
  }
}
