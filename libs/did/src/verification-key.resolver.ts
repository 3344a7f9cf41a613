import type { KeyObject } from 'node:crypto';
import {
  parse,
  type DIDDocument,
  type VerificationMethod,
  type VerificationRelationship,
} from 'did-resolver';
import type { DidResolutionService } from './did-resolution.service';
import { ed25519PointEncodingProblem, rawEd25519PublicKey } from './ed25519-key.util';
import {
  findVerificationMethod,
  publicKeyFromVerificationMethod,
  UnsupportedKeyError,
} from './verification-method.util';

/** Why a key id could not give a verification key. */
export type KeyResolutionFailureReason =
  | 'DID_RESOLUTION_FAILED'
  | 'DID_DEACTIVATED'
  | 'UNKNOWN_KID'
  | 'KEY_NOT_ASSERTION_METHOD'
  | 'UNSUPPORTED_KEY';

/** A verification key, or why there is none and whether retrying may help. */
export type KeyResolution =
  | { ok: true; key: KeyObject; method: VerificationMethod }
  | { ok: false; reason: KeyResolutionFailureReason; detail: string; transient: boolean };

/**
 * Turns a key id (a DID URL) into an imported node:crypto public key that the DID document lists under
 * one relationship. Keys are imported once per document version: the cache is keyed on the document
 * object the resolution cache hands out, so a rotation or invalidation drops it with no extra wiring.
 */
export class VerificationKeyResolver {
  private readonly keys = new WeakMap<DIDDocument, Map<string, KeyResolution>>();

  constructor(
    private readonly resolution: DidResolutionService,
    private readonly relationship: VerificationRelationship = 'assertionMethod',
  ) {}

  /** Resolves `kid` (e.g. `did:key:z6Mk...#z6Mk...`) to a public key usable for `relationship`. */
  async resolveKey(kid: string): Promise<KeyResolution> {
    const parsed = parse(kid);
    if (!parsed || !parsed.fragment)
      return {
        ok: false,
        reason: 'UNKNOWN_KID',
        detail: `${kid} is not a DID URL with a fragment`,
        transient: false,
      };
    const outcome = await this.resolution.resolve(parsed.did);
    if (outcome.status === 'deactivated')
      return {
        ok: false,
        reason: 'DID_DEACTIVATED',
        detail: `${parsed.did} is deactivated`,
        transient: false,
      };
    if (outcome.status === 'failed') {
      const detail = `${parsed.did}: ${outcome.error}${outcome.message ? ` (${outcome.message})` : ''}`;
      return { ok: false, reason: 'DID_RESOLUTION_FAILED', detail, transient: outcome.transient };
    }
    let perDocument = this.keys.get(outcome.document);
    if (!perDocument) {
      perDocument = new Map();
      this.keys.set(outcome.document, perDocument);
    }
    let resolution = perDocument.get(kid);
    if (!resolution) {
      resolution = this.lookUp(outcome.document, kid);
      perDocument.set(kid, resolution);
    }
    return resolution;
  }

  private lookUp(document: DIDDocument, kid: string): KeyResolution {
    const lookup = findVerificationMethod(document, kid, this.relationship);
    if (lookup.status === 'unknown')
      return {
        ok: false,
        reason: 'UNKNOWN_KID',
        detail: `${kid} is not in the DID document`,
        transient: false,
      };
    if (lookup.status === 'notInRelationship') {
      return {
        ok: false,
        reason: 'KEY_NOT_ASSERTION_METHOD',
        detail: `${kid} is not listed under ${this.relationship}`,
        transient: false,
      };
    }
    try {
      const key = publicKeyFromVerificationMethod(lookup.method);
      // A small-order or non-canonical key lets anyone forge signatures that node:crypto accepts.
      const weak = ed25519PointEncodingProblem(rawEd25519PublicKey(key));
      if (weak)
        return { ok: false, reason: 'UNSUPPORTED_KEY', detail: `${kid} is ${weak}`, transient: false };
      return { ok: true, key, method: lookup.method };
    } catch (error) {
      if (!(error instanceof UnsupportedKeyError)) throw error;
      return { ok: false, reason: 'UNSUPPORTED_KEY', detail: error.message, transient: false };
    }
  }
}
