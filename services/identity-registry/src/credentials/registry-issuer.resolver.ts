import { Injectable } from '@nestjs/common';

import type { IssuerResolution, IssuerResolver } from '@dpi/credentials';

import { DidResolutionException } from '../dids/did-resolution.exception';
import { ResolutionService } from '../dids/resolution.service';

/** Resolves issuers through this registry's resolver: did:dpi from its database, did:key, did:web. */
@Injectable()
export class RegistryIssuerResolver implements IssuerResolver {
  constructor(private readonly resolution: ResolutionService) {}

  async resolve(did: string): Promise<IssuerResolution> {
    try {
      const resolved = await this.resolution.resolve(did, {});
      if (resolved.deactivated || !resolved.document) return { status: 'deactivated' };
      return { status: 'found', document: resolved.document };
    } catch (error) {
      // Anything but a resolution answer (a bug, a lost database) is an error of the request, not a verdict.
      if (!(error instanceof DidResolutionException)) throw error;
      return {
        status: 'failed',
        notFound: error.code === 'NOT_FOUND',
        reason: error.code,
        message: error.message,
      };
    }
  }
}
