import { createPrivateKey, createPublicKey } from 'node:crypto';
import { jwkThumbprint } from './ed25519-key.util';
import { generateEd25519KeyPair } from './ed25519-key.util';
import { JwsError, parseCompactJws, signCompactJws, verifyCompactJws } from './compact-jws.util';

// RFC 8037 appendix A.1 (the Ed25519 key), A.3 (its thumbprint) and A.4 (the JWS over "Example of Ed25519 signing").
const RFC8037_X = '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo';
const RFC8037_PRIVATE = 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A';
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const RFC8037_JWS =
  'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.' +
  'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: RFC8037_X }, format: 'jwk' });
const privateKey = createPrivateKey({
  key: { kty: 'OKP', crv: 'Ed25519', x: RFC8037_X, ['d']: RFC8037_PRIVATE },
  format: 'jwk',
});

describe('compact JWS (Ed25519, node:crypto)', () => {
  it('verifies the RFC 8037 A.4 example with the A.1 public key', () => {
    const verified = verifyCompactJws(RFC8037_JWS, publicKey);
    expect(verified.header).toEqual({ alg: 'EdDSA' });
    expect(verified.payload.toString('utf8')).toBe('Example of Ed25519 signing');
  });

  it('reproduces the RFC 8037 A.4 JWS byte for byte with the A.1 private key', () => {
    expect(signCompactJws({ alg: 'EdDSA' }, 'Example of Ed25519 signing', privateKey)).toBe(RFC8037_JWS);
  });

  it('matches the RFC 8037 A.3 thumbprint of the A.1 key', () => {
    expect(jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: RFC8037_X })).toBe(RFC8037_THUMBPRINT);
  });

  it('emits alg Ed25519 by default and accepts both names', () => {
    const jws = signCompactJws({ kid: 'did:example:1#k' }, 'hello', privateKey);
    expect(parseCompactJws(jws).header).toEqual({ alg: 'Ed25519', kid: 'did:example:1#k' });
    expect(verifyCompactJws(jws, publicKey).payload.toString()).toBe('hello');
  });

  it('refuses a tampered payload, a wrong key, another alg, crit and malformed input', () => {
    const [header, , signature] = RFC8037_JWS.split('.');
    const tampered = `${header}.${Buffer.from('Example of Ed25519 signinG').toString('base64url')}.${signature}`;
    expect(() => verifyCompactJws(tampered, publicKey)).toThrow(/does not verify/);
    expect(() => verifyCompactJws(RFC8037_JWS, generateEd25519KeyPair().publicKey)).toThrow(JwsError);
    const hs256 = signCompactJws({ alg: 'EdDSA' }, 'x', privateKey).replace(
      /^[^.]+/,
      Buffer.from('{"alg":"HS256"}').toString('base64url'),
    );
    expect(() => verifyCompactJws(hs256, publicKey)).toThrow(/HS256 is not supported/);
    const crit = signCompactJws({ crit: ['b64'], b64: false }, 'x', privateKey);
    expect(() => verifyCompactJws(crit, publicKey)).toThrow(/crit/);
    expect(() => parseCompactJws('a.b')).toThrow(/not a compact JWS/);
    expect(() => parseCompactJws('a+b.c.d')).toThrow(/not a compact JWS/);
    expect(() => parseCompactJws(`${Buffer.from('[1]').toString('base64url')}.e30.`)).toThrow(
      /not a JSON object/,
    );
  });
});
