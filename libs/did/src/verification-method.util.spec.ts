import type { DIDDocument } from 'did-resolver';
import { didKeyDocument, didKeyFromPublicKey, ed25519MultibaseFromPublicKey } from './did-key.driver';
import { generateEd25519KeyPair, publicJwkFromKeyObject, rawEd25519PublicKey } from './ed25519-key.util';
import { base58btcEncode } from './base58btc.util';
import {
  findVerificationMethod,
  publicKeyFromVerificationMethod,
  UnsupportedKeyError,
} from './verification-method.util';

const DID = 'did:web:psp.example';
const { publicKey } = generateEd25519KeyPair();
const jwk = publicJwkFromKeyObject(publicKey);

const doc: DIDDocument = {
  id: DID,
  verificationMethod: [
    { id: `${DID}#key-1`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
    { id: '#key-2', type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
  ],
  authentication: [
    `${DID}#key-2`,
    { id: `${DID}#auth-embedded`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
  ],
  assertionMethod: [
    '#key-1',
    { id: `${DID}#embedded`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
    `${DID}#dangling`,
  ],
};

describe('findVerificationMethod', () => {
  it('finds a key referenced (relative id) under assertionMethod', () => {
    expect(findVerificationMethod(doc, `${DID}#key-1`, 'assertionMethod')).toMatchObject({
      status: 'found',
      method: { id: `${DID}#key-1` },
    });
  });

  it('finds a key embedded under assertionMethod', () => {
    expect(findVerificationMethod(doc, `${DID}#embedded`, 'assertionMethod')).toMatchObject({
      status: 'found',
    });
  });

  it('says notInRelationship for a key the document has but not under assertionMethod', () => {
    expect(findVerificationMethod(doc, `${DID}#key-2`, 'assertionMethod').status).toBe('notInRelationship');
    expect(findVerificationMethod(doc, `${DID}#auth-embedded`, 'assertionMethod').status).toBe(
      'notInRelationship',
    );
  });

  it('says unknown for a key the document lacks, including a dangling reference', () => {
    expect(findVerificationMethod(doc, `${DID}#key-9`, 'assertionMethod').status).toBe('unknown');
    expect(findVerificationMethod(doc, `${DID}#dangling`, 'assertionMethod').status).toBe('unknown');
  });
});

describe('publicKeyFromVerificationMethod', () => {
  const raw = rawEd25519PublicKey(publicKey);
  const controller = DID;

  it('imports publicKeyJwk, publicKeyMultibase and legacy publicKeyBase58 to the same key', () => {
    const fromJwk = publicKeyFromVerificationMethod({
      id: 'x',
      type: 'JsonWebKey',
      controller,
      publicKeyJwk: jwk,
    });
    const fromMultibase = publicKeyFromVerificationMethod({
      id: 'x',
      type: 'Multikey',
      controller,
      publicKeyMultibase: ed25519MultibaseFromPublicKey(publicKey),
    });
    const fromBase58 = publicKeyFromVerificationMethod({
      id: 'x',
      type: 'Ed25519VerificationKey2018',
      controller,
      publicKeyBase58: base58btcEncode(raw),
    });
    for (const key of [fromJwk, fromMultibase, fromBase58]) expect(rawEd25519PublicKey(key)).toEqual(raw);
  });

  it('accepts the did:key derived document method', () => {
    const derived = didKeyDocument(didKeyFromPublicKey(publicKey)).verificationMethod?.[0];
    expect(derived && rawEd25519PublicKey(publicKeyFromVerificationMethod(derived))).toEqual(raw);
  });

  it('refuses a JWK with a private part, a non-Ed25519 JWK and a method without key material', () => {
    expect(() =>
      publicKeyFromVerificationMethod({
        id: 'x',
        type: 'JsonWebKey',
        controller,
        publicKeyJwk: { ...jwk, d: 'secret' },
      }),
    ).toThrow(UnsupportedKeyError);
    expect(() =>
      publicKeyFromVerificationMethod({
        id: 'x',
        type: 'JsonWebKey',
        controller,
        publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' },
      }),
    ).toThrow(/unsupported JWK/);
    expect(() =>
      publicKeyFromVerificationMethod({
        id: 'x',
        type: 'EcdsaSecp256k1RecoveryMethod2020',
        controller,
        blockchainAccountId: 'eip155:1:0x0',
      }),
    ).toThrow(/no Ed25519 key/);
    expect(() =>
      publicKeyFromVerificationMethod({ id: 'x', type: 'Multikey', controller, publicKeyMultibase: 'zQ3s' }),
    ).toThrow(UnsupportedKeyError);
  });
});
