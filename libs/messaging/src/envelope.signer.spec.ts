import { verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { compactVerify, importJWK, type CompactVerifyResult } from 'jose';
import { ed25519PrivateKeyFromSeed, generateEd25519KeyPair, publicJwkFromKeyObject } from '@dpi/did';
import { EnvelopeSigner } from './envelope.signer';
import { DATA, KID, keys, newSigner, SOURCE, TOPIC, TYPE } from './envelope.test-fixture';

describe('EnvelopeSigner', () => {
  it('produces CloudEvents binary-mode headers, the JSON value and the key', () => {
    const record = newSigner().sign({
      topic: TOPIC,
      key: 'acct-1',
      type: TYPE,
      subject: 'transfer/t-1',
      data: DATA,
      id: 'evt-1',
    });
    expect(record.key).toBe('acct-1');
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(DATA);
    expect(record.headers).toMatchObject({
      ce_specversion: '1.0',
      ce_id: 'evt-1',
      ce_source: SOURCE,
      ce_type: TYPE,
      ce_time: '2026-03-01T12:00:00.000Z',
      ce_subject: 'transfer/t-1',
      'content-type': 'application/json',
    });
    expect(record.headers.ce_signature).toMatch(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]{86}$/);
  });

  it('binds the CloudEvents attributes, topic and key in the protected header, with crit', () => {
    const record = newSigner().sign({ topic: TOPIC, key: 'acct-1', type: TYPE, data: DATA, id: 'evt-1' });
    const header = JSON.parse(
      Buffer.from(record.headers.ce_signature?.split('.')[0] ?? '', 'base64url').toString('utf8'),
    );
    expect(header).toEqual({
      alg: 'Ed25519',
      typ: 'dpi-event+jws',
      kid: KID,
      crit: ['ce', 'kafka'],
      ce: {
        specversion: '1.0',
        id: 'evt-1',
        source: SOURCE,
        type: TYPE,
        time: '2026-03-01T12:00:00.000Z',
        datacontenttype: 'application/json',
      },
      kafka: { topic: TOPIC, key: Buffer.from('acct-1').toString('base64url') },
    });
  });

  it('generates UUIDv7 ids by default, from the system clock, increasing even within one millisecond', () => {
    const signer = newSigner();
    const before = Date.now();
    const ids = Array.from(
      { length: 200 },
      () => signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA }).headers.ce_id as string,
    );
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const firstMillis = parseInt((ids[0] as string).replace('-', '').slice(0, 12), 16);
    expect(firstMillis).toBeGreaterThanOrEqual(before);
  });

  it('is verifiable by a generic JOSE library (jose) with the value as the detached payload', async () => {
    const record = newSigner().sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA });
    const [protectedPart, , signaturePart] = (record.headers.ce_signature as string).split('.');
    const attached = `${protectedPart}.${record.value.toString('base64url')}.${signaturePart}`;
    const key = await importJWK({ ...publicJwkFromKeyObject(keys.publicKey), alg: 'Ed25519' }, 'Ed25519');
    // A generic verifier must declare it understands the critical parameters; it still has to check them itself.
    const result: CompactVerifyResult = await compactVerify(attached, key, {
      crit: { ce: true, kafka: true },
    });
    expect(Buffer.from(result.payload)).toEqual(record.value);
    await expect(compactVerify(attached, key)).rejects.toThrow(/not recognized|crit/i);
  });

  it('matches the RFC 8037 appendix A.4 signature for the same signing input', () => {
    const key = ed25519PrivateKeyFromSeed(
      Buffer.from('nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', 'base64url'),
    );
    const input = Buffer.from('eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc', 'ascii');
    const expected = Buffer.from(
      'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg',
      'base64url',
    );
    expect(verify(null, input, key, expected)).toBe(true);
  });

  it('signs extension attributes and refuses invalid or reserved extension names', () => {
    const signer = newSigner();
    expect(
      signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA, extensions: { traceparent: 'x' } })
        .headers.ce_traceparent,
    ).toBe('x');
    expect(() =>
      signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA, extensions: { Bad_Name: 'x' } }),
    ).toThrow(/invalid extension/);
    expect(() =>
      signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA, extensions: { source: 'x' } }),
    ).toThrow(/invalid extension/);
  });

  it('refuses an empty subject or extension value, which verifiers refuse', () => {
    const signer = newSigner();
    expect(() => signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA, subject: '' })).toThrow(
      /subject/,
    );
    expect(() =>
      signer.sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA, extensions: { traceparent: '' } }),
    ).toThrow(/empty/);
  });

  it('refuses a kid with a query or an empty fragment', () => {
    for (const kid of [`${SOURCE}?versionId=1#key-1`, `${SOURCE}#`])
      expect(() => new EnvelopeSigner({ privateKey: keys.privateKey, kid, source: SOURCE })).toThrow(
        /non-empty fragment/,
      );
  });

  it('refuses a kid of another DID, a kid without fragment and a public key', () => {
    const other = generateEd25519KeyPair();
    expect(
      () => new EnvelopeSigner({ privateKey: keys.privateKey, kid: 'did:key:zOther#zOther', source: SOURCE }),
    ).toThrow(/does not belong/);
    expect(() => new EnvelopeSigner({ privateKey: keys.privateKey, kid: SOURCE, source: SOURCE })).toThrow(
      /fragment/,
    );
    expect(() => new EnvelopeSigner({ privateKey: other.publicKey, kid: KID, source: SOURCE })).toThrow(
      /private key/,
    );
  });
});

describe('contracts/schemas/cloudevent-headers.schema.json', () => {
  it('accepts the headers the signer produces and refuses them without a signature', () => {
    const schema = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', '..', 'contracts', 'schemas', 'cloudevent-headers.schema.json'),
        'utf8',
      ),
    );
    const validate = new Ajv({ strict: true, allowMatchingProperties: true }).compile(schema);
    const { headers } = newSigner().sign({
      topic: TOPIC,
      key: 'a',
      type: TYPE,
      subject: 's',
      data: DATA,
      extensions: { traceparent: 'x' },
    });
    expect(validate(headers)).toBe(true);
    const { ce_signature: _signature, ...unsigned } = headers;
    expect(validate(unsigned)).toBe(false);
    expect(validate({ ...headers, ce_Bad: 'x' })).toBe(false);
    for (const changed of [
      { CE_TYPE: TYPE },
      { 'Content-Type': 'application/json' },
      { ce_datacontenttype: 'application/json' },
      { ce_subject: '' },
      { ce_time: '2026-01-15T24:00:00Z' },
      { ce_signature: `${headers.ce_signature?.slice(0, -1)}B` },
    ])
      expect(validate({ ...headers, ...changed })).toBe(false);
  });
});
