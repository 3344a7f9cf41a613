import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  ed25519PrivateKeyFromSeed,
  ed25519PublicKeyFromRaw,
  generateEd25519KeyPair,
  jwkThumbprint,
  publicJwkFromKeyObject,
  rawEd25519PublicKey,
} from './ed25519-key.util';

// RFC 8037 appendix A.1 (private key) and A.3 (its thumbprint).
const RFC8037_D = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const RFC8037_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';

describe('Ed25519 key utilities', () => {
  it('derives the RFC 8037 public key from its seed', () => {
    const privateKey = ed25519PrivateKeyFromSeed(Buffer.from(RFC8037_D, 'base64url'));
    expect(publicJwkFromKeyObject(privateKey)).toEqual({ kty: 'OKP', crv: 'Ed25519', x: RFC8037_X });
  });

  it('computes the RFC 8037 appendix A.3 thumbprint of the Ed25519 key', () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC8037_X })).toBe(
      'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k',
    );
  });

  it('computes the RFC 7638 section 3.1 thumbprint of the RSA example, ignoring optional members', () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(jwk)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('rejects a thumbprint of a JWK missing a required member or of an unknown kty', () => {
    expect(() => jwkThumbprint({ kty: 'OKP', crv: 'Ed25519' })).toThrow(/x is missing/);
    expect(() => jwkThumbprint({ kty: 'XYZ' })).toThrow(/no thumbprint rule/);
  });

  it('never exports the private part in a public JWK', () => {
    const { privateKey } = generateEd25519KeyPair();
    const jwk = publicJwkFromKeyObject(privateKey);
    expect(Object.keys(jwk).sort()).toEqual(['crv', 'kty', 'x']);
    expect(jwk).not.toHaveProperty('d');
  });

  it('generates key pairs that sign and verify, and round-trips raw public keys', () => {
    const { publicKey, privateKey } = generateEd25519KeyPair();
    const data = Buffer.from('hello');
    const signature = sign(null, data, privateKey);
    const reimported = ed25519PublicKeyFromRaw(rawEd25519PublicKey(publicKey));
    expect(verify(null, data, reimported, signature)).toBe(true);
  });

  it('refuses non-Ed25519 keys and wrong lengths', () => {
    expect(() => ed25519PrivateKeyFromSeed(new Uint8Array(31))).toThrow(/32 bytes/);
    expect(() => ed25519PublicKeyFromRaw(new Uint8Array(33))).toThrow(/32 bytes/);
    const { publicKey } = generateKeyPairSync('x25519');
    expect(() => publicJwkFromKeyObject(publicKey)).toThrow(/expected an Ed25519 key/);
  });
});
