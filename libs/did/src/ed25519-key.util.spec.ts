import { generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  ed25519PointEncodingProblem,
  ed25519PrivateKeyFromSeed,
  ed25519SignatureProblem,
  ed25519PublicKeyFromRaw,
  generateEd25519KeyPair,
  jwkThumbprint,
  publicJwkFromKeyObject,
  rawEd25519PublicKey,
} from './ed25519-key.util';

// RFC 8037 appendix A.1 (private key) and A.3 (its thumbprint).
const RFC8037_D = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const RFC8037_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const RFC8037_X_HEX = Buffer.from(RFC8037_X, 'base64url').toString('hex');

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

  describe('weak points and signatures', () => {
    const hex = (h: string) => Buffer.from(h, 'hex');
    const littleEndian = (n: bigint) => {
      const out = Buffer.alloc(32);
      for (let i = 0; i < 32; i++, n >>= 8n) out[i] = Number(n & 0xffn);
      return out;
    };
    const P = (1n << 255n) - 19n;
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    const SMALL_ORDER = [
      '0100000000000000000000000000000000000000000000000000000000000000',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0000000000000000000000000000000000000000000000000000000000000080',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    ];

    it.each(SMALL_ORDER)('refuses the small-order point %s', (point) => {
      expect(ed25519PointEncodingProblem(hex(point))).toMatch(/small order/);
    });

    it.each([P, P + 1n, (1n << 255n) - 1n])('refuses the non-canonical y = %s', (y) => {
      expect(ed25519PointEncodingProblem(littleEndian(y))).toMatch(/non-canonical/);
    });

    it('accepts ordinary public keys, including y = p - 2', () => {
      expect(
        ed25519PointEncodingProblem(rawEd25519PublicKey(generateEd25519KeyPair().publicKey)),
      ).toBeUndefined();
      expect(ed25519PointEncodingProblem(hex(RFC8037_X_HEX))).toBeUndefined();
    });

    it('refuses a signature whose R is of small order or whose S is not below L, accepts a real one', () => {
      const { privateKey } = generateEd25519KeyPair();
      const signature = sign(null, Buffer.from('m'), privateKey);
      expect(ed25519SignatureProblem(signature)).toBeUndefined();
      const smallR = Buffer.concat([hex(SMALL_ORDER[0] as string), signature.subarray(32)]);
      expect(ed25519SignatureProblem(smallR)).toMatch(/^R is an Ed25519 point of small order/);
      expect(ed25519SignatureProblem(Buffer.concat([signature.subarray(0, 32), littleEndian(L)]))).toBe(
        'S is not below the group order',
      );
      expect(
        ed25519SignatureProblem(Buffer.concat([signature.subarray(0, 32), littleEndian(L - 1n)])),
      ).toBeUndefined();
    });

    it('shows why: node:crypto accepts a forged signature for the identity key', () => {
      const identity = ed25519PublicKeyFromRaw(hex(SMALL_ORDER[0] as string));
      const forged = Buffer.concat([hex(SMALL_ORDER[0] as string), Buffer.alloc(32)]);
      expect(verify(null, Buffer.from('any message'), identity, forged)).toBe(true);
    });
  });
});
