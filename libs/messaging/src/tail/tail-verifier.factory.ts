import { DidResolutionService, getResolver } from '@dpi/did';
import { loadAsyncApiDirectory } from '../asyncapi-schema.loader';
import { EnvelopeVerifier, type PublishPolicyCheck } from '../envelope.verifier';
import type { TailPolicy } from './tail-policy.loader';

// A tail reports what a consumer would decide now, so a rotated or deactivated key shows within seconds
// (services learn it from the registry's DID events; the tail simply does not cache for long).
const RESOLUTION_TTL_MS = 5_000;

/** Lets every publisher through: the tail reports the policy step as "not checked", never as passed. */
const UNCHECKED_POLICY: PublishPolicyCheck = { allows: () => true };

export interface TailVerifierOptions {
  registryUrl: string;
  /** The folder of the AsyncAPI documents whose payload schemas the verifier checks. */
  asyncApiDir: string;
  policy: TailPolicy;
  /** Resolve did:web over plain HTTP for localhost (labs), as DID_WEB_ALLOW_HTTP_LOCALHOST does for services. */
  allowHttpForLocalhost: boolean;
}

/** The envelope verifier of the tail: did:key, did:web and did:dpi (through the registry), the contracts' schemas. */
export async function createTailVerifier(options: TailVerifierOptions): Promise<EnvelopeVerifier> {
  return new EnvelopeVerifier({
    resolution: new DidResolutionService({
      drivers: getResolver(options.registryUrl),
      web: { allowHttpForLocalhost: options.allowHttpForLocalhost },
      ttlMs: RESOLUTION_TTL_MS,
      notFoundTtlMs: RESOLUTION_TTL_MS,
    }),
    policy: options.policy.kind === 'file' ? options.policy.policy : UNCHECKED_POLICY,
    schemas: await loadAsyncApiDirectory(options.asyncApiDir),
  });
}
