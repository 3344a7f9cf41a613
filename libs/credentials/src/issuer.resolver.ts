import type { DIDDocument } from 'did-resolver';

import type { DidResolutionService } from '@dpi/did';

/** What resolving an issuer's DID gave: its current document, a deactivation, or why it failed. */
export type IssuerResolution =
  | { status: 'found'; document: DIDDocument }
  | { status: 'deactivated' }
  | {
      status: 'failed';
      /** The DID does not exist (ISSUER_NOT_FOUND); anything else is ISSUER_UNRESOLVABLE. */
      notFound: boolean;
      /** A short error name shown in the verdict, e.g. notFound or methodNotSupported. */
      reason: string;
      /** Safe to show: names no internal address or low-level error. */
      message: string;
    };

/** Resolves an issuer's DID to the document whose assertionMethod keys may sign its credentials. */
export interface IssuerResolver {
  resolve(did: string): Promise<IssuerResolution>;
}

/** An IssuerResolver over libs/did's DidResolutionService (did:key, did:web, did:dpi through a registry). */
export function issuerResolverFrom(resolution: DidResolutionService): IssuerResolver {
  return {
    async resolve(did) {
      const outcome = await resolution.resolve(did);
      if (outcome.status === 'found') return { status: 'found', document: outcome.document };
      if (outcome.status === 'deactivated') return { status: 'deactivated' };
      return {
        status: 'failed',
        notFound: outcome.error === 'notFound',
        reason: outcome.error,
        message: outcome.message ?? outcome.error,
      };
    },
  };
}
