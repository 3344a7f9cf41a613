import { createPublicKey } from 'node:crypto';
import type { DIDResolutionResult, DIDResolver } from 'did-resolver';
import { DidResolutionService } from './did-resolution.service';
import { didKeyFromPublicKey, didKeyVerificationMethodId } from './did-key.driver';
import { generateEd25519KeyPair, publicJwkFromKeyObject, rawEd25519PublicKey } from './ed25519-key.util';
import { VerificationKeyResolver } from './verification-key.resolver';

const DID = 'did:fake:psp';
const { publicKey } = generateEd25519KeyPair();
const jwk = publicJwkFromKeyObject(publicKey);

function resolverWith(result: DIDResolutionResult | Error) {
  const state = { calls: 0 };
  const driver: DIDResolver = async () => {
    state.calls++;
    if (result instanceof Error) throw result;
    // A fresh object per call, as a real driver gives: the key cache is keyed on document identity.
    return structuredClone(result);
  };
  const resolution = new DidResolutionService({ drivers: { fake: driver }, web: false });
  return { keys: new VerificationKeyResolver(resolution), resolution, state };
}

const docResult: DIDResolutionResult = {
  didResolutionMetadata: {},
  didDocumentMetadata: {},
  didDocument: {
    id: DID,
    verificationMethod: [
      { id: `${DID}#key-1`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
      { id: `${DID}#auth`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
      { id: `${DID}#odd`, type: 'Whatever', controller: DID },
    ],
    assertionMethod: [`${DID}#key-1`, `${DID}#odd`],
    authentication: [`${DID}#auth`],
  },
};

describe('VerificationKeyResolver', () => {
  it('resolves a did:key kid to its public key', async () => {
    const did = didKeyFromPublicKey(publicKey);
    const keys = new VerificationKeyResolver(new DidResolutionService({ web: false }));
    const result = await keys.resolveKey(didKeyVerificationMethodId(did));
    expect(result.ok && rawEd25519PublicKey(result.key)).toEqual(rawEd25519PublicKey(publicKey));
  });

  it('imports a key once per document version and again after invalidation', async () => {
    const { keys, resolution, state } = resolverWith(docResult);
    const first = await keys.resolveKey(`${DID}#key-1`);
    const second = await keys.resolveKey(`${DID}#key-1`);
    expect(first.ok).toBe(true);
    expect(second).toBe(first);
    resolution.invalidate(DID);
    const third = await keys.resolveKey(`${DID}#key-1`);
    expect(state.calls).toBe(2);
    expect(third).not.toBe(first);
  });

  it.each([
    [`${DID}#missing`, 'UNKNOWN_KID'],
    [`${DID}#auth`, 'KEY_NOT_ASSERTION_METHOD'],
    [`${DID}#odd`, 'UNSUPPORTED_KEY'],
    [DID, 'UNKNOWN_KID'],
  ])('rejects %s with %s (permanent)', async (kid, reason) => {
    expect(await resolverWith(docResult).keys.resolveKey(kid)).toMatchObject({
      ok: false,
      reason,
      transient: false,
    });
  });

  it('reports a deactivated DID', async () => {
    const deactivated: DIDResolutionResult = {
      didResolutionMetadata: {},
      didDocument: null,
      didDocumentMetadata: { deactivated: true },
    };
    expect(await resolverWith(deactivated).keys.resolveKey(`${DID}#key-1`)).toMatchObject({
      ok: false,
      reason: 'DID_DEACTIVATED',
      transient: false,
    });
  });

  it('reports resolution failures, transient when the driver failed to answer', async () => {
    expect(await resolverWith(new Error('ETIMEDOUT')).keys.resolveKey(`${DID}#key-1`)).toMatchObject({
      ok: false,
      reason: 'DID_RESOLUTION_FAILED',
      transient: true,
    });
    const notFound: DIDResolutionResult = {
      didResolutionMetadata: { error: 'notFound' },
      didDocument: null,
      didDocumentMetadata: {},
    };
    expect(await resolverWith(notFound).keys.resolveKey(`${DID}#key-1`)).toMatchObject({
      ok: false,
      reason: 'DID_RESOLUTION_FAILED',
      transient: false,
    });
  });

  // Small-order points (identity, order 2, 4 and 8) and a non-canonical encoding of the identity (p + 1).
  it.each([
    ['the identity', '0100000000000000000000000000000000000000000000000000000000000000'],
    ['the point of order 2', 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
    ['a point of order 4', '0000000000000000000000000000000000000000000000000000000000000080'],
    ['a point of order 8', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'],
    ['the identity encoded as p + 1', 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
  ])('refuses %s as a public key with UNSUPPORTED_KEY', async (_name, hex) => {
    const weak = structuredClone(docResult);
    const method = weak.didDocument?.verificationMethod?.[0];
    if (method)
      method.publicKeyJwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') };
    expect(await resolverWith(weak).keys.resolveKey(`${DID}#key-1`)).toMatchObject({
      ok: false,
      reason: 'UNSUPPORTED_KEY',
      transient: false,
    });
  });

  it('refuses a did:key whose key is the identity point', async () => {
    const identity = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from([1, ...new Array<number>(31).fill(0)]).toString('base64url'),
      },
      format: 'jwk',
    });
    const did = didKeyFromPublicKey(identity);
    const keys = new VerificationKeyResolver(new DidResolutionService({ web: false }));
    expect(await keys.resolveKey(didKeyVerificationMethodId(did))).toMatchObject({
      reason: 'UNSUPPORTED_KEY',
    });
  });
});
