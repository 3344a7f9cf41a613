import fc from 'fast-check';
import type { DIDResolver } from 'did-resolver';
import { DidResolutionService } from '@dpi/did';
import { SIGNATURE_HEADER } from './envelope.constants';
import { EnvelopeVerifier } from './envelope.verifier';
import {
  consumed,
  DATA,
  KID,
  newSigner,
  newVerifier,
  schemas,
  SOURCE,
  TOPIC,
  TYPE,
} from './envelope.test-fixture';
import { PublishPolicy } from './publish-policy';

const signed = newSigner().sign({
  topic: TOPIC,
  key: 'acct-1',
  type: TYPE,
  subject: 'transfer/t-1',
  data: DATA,
  id: 'evt-1',
  extensions: { traceparent: 'tp' },
});

describe('EnvelopeVerifier', () => {
  const verifier = newVerifier();

  it('accepts a signed record and returns its signed attributes and parsed data', async () => {
    expect(await verifier.verify(consumed(signed))).toEqual({
      ok: true,
      event: {
        id: 'evt-1',
        source: SOURCE,
        type: TYPE,
        subject: 'transfer/t-1',
        time: '2026-03-01T12:00:00.000Z',
        data: DATA,
        kid: KID,
        extensions: { traceparent: 'tp' },
      },
    });
  });

  it('accepts string headers and a string key as well as Buffers, and ignores non-CloudEvents headers', async () => {
    const record = {
      ...consumed(signed),
      key: 'acct-1',
      headers: {
        ...signed.headers,
        'x-trace': 'abc',
        'x-binary': Buffer.from([0xff]),
        'x-repeated': ['a', 'b'],
      },
    };
    expect((await verifier.verify(record)).ok).toBe(true);
  });

  it.each([
    ['ce_type', 'org.dpi.payments.transfer.aborted.v1', 'ce.type'],
    ['ce_id', 'evt-2', 'ce.id'],
    ['ce_subject', 'transfer/t-2', 'ce.subject'],
    ['ce_time', '2026-03-01T12:00:01.000Z', 'ce.time'],
    ['ce_traceparent', 'other', 'ce.traceparent'],
  ])('names the attribute when %s is swapped (BINDING_MISMATCH)', async (header, value, attribute) => {
    const result = await verifier.verify(
      consumed({ ...signed, headers: { ...signed.headers, [header]: value } }),
    );
    expect(result).toMatchObject({ ok: false, reason: 'BINDING_MISMATCH', transient: false });
    expect(!result.ok && result.detail).toContain(attribute);
  });

  it('rejects a record on another topic or under another key (BINDING_MISMATCH)', async () => {
    expect(await verifier.verify(consumed(signed, 'payments.other'))).toMatchObject({
      reason: 'BINDING_MISMATCH',
      detail: expect.stringContaining('kafka.topic'),
    });
    expect(await verifier.verify(consumed({ ...signed, key: 'acct-2' }))).toMatchObject({
      reason: 'BINDING_MISMATCH',
      detail: expect.stringContaining('kafka.key'),
    });
    expect(await verifier.verify(consumed({ ...signed, key: null }))).toMatchObject({
      reason: 'BINDING_MISMATCH',
      detail: expect.stringContaining('kafka.key'),
    });
  });

  it('rejects missing, repeated, non-UTF-8 and malformed headers', async () => {
    const { ce_time: _time, ...withoutTime } = signed.headers;
    expect(await verifier.verify({ ...consumed(signed), headers: withoutTime })).toMatchObject({
      reason: 'MISSING_HEADER',
      detail: 'missing ce_time',
    });
    expect(
      await verifier.verify({ ...consumed(signed), headers: { ...signed.headers, ce_id: ['a', 'b'] } }),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify({
        ...consumed(signed),
        headers: { ...signed.headers, ce_id: Buffer.from([0xff, 0xfe]) },
      }),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify(consumed({ ...signed, headers: { ...signed.headers, ce_specversion: '0.3' } })),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify(
        consumed({ ...signed, headers: { ...signed.headers, 'content-type': 'text/plain' } }),
      ),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify(
        consumed({ ...signed, headers: { ...signed.headers, ce_time: '2026-03-01 12:00' } }),
      ),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify(consumed({ ...signed, headers: { ...signed.headers, ce_id: 'x'.repeat(129) } })),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
    expect(
      await verifier.verify(consumed({ ...signed, headers: { ...signed.headers, ce___proto__: 'x' } })),
    ).toMatchObject({ reason: 'MALFORMED_HEADER' });
  });

  it('reports a missing header before a malformed one, and refuses headers without a value', async () => {
    const { ce_signature: _signature, ...withoutSignature } = signed.headers;
    expect(
      await verifier.verify({ ...consumed(signed), headers: { ...withoutSignature, ce_id: ['a', 'b'] } }),
    ).toMatchObject({ reason: 'MISSING_HEADER' });
    for (const empty of [null, undefined]) {
      const headers = { ...consumed(signed).headers, ce_subject: empty as unknown as undefined };
      expect(await verifier.verify({ ...consumed(signed), headers })).toMatchObject({
        reason: 'MALFORMED_HEADER',
        detail: 'header ce_subject has no value',
      });
    }
  });

  it('refuses ce_dataschema and a string header with a lone surrogate (MALFORMED_HEADER)', async () => {
    for (const headers of [
      { ...signed.headers, ce_dataschema: 'https://example.org/schema' },
      { ...signed.headers, ce_subject: 'transfer/\ud800' },
    ]) {
      expect(await verifier.verify({ ...consumed(signed), headers })).toMatchObject({
        reason: 'MALFORMED_HEADER',
      });
    }
  });

  it('keeps a byte order mark added to a signed header as part of its value (BINDING_MISMATCH)', async () => {
    const record = consumed(signed);
    const headers = {
      ...record.headers,
      ce_type: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TYPE)]),
    };
    expect(await verifier.verify({ ...record, headers })).toMatchObject({
      reason: 'BINDING_MISMATCH',
      detail: 'ce.type differs from the record',
    });
  });

  it('rejects a value over the size limit before any other work (TOO_LARGE)', async () => {
    const small = new EnvelopeVerifier({
      resolution: new DidResolutionService({ web: false }),
      policy: new PublishPolicy([]),
      schemas,
      maxValueBytes: 10,
    });
    expect(await small.verify(consumed(signed))).toMatchObject({ reason: 'TOO_LARGE', transient: false });
  });

  it.each([
    ['three parts only', 'a.b'],
    ['an attached payload', signed.headers[SIGNATURE_HEADER]?.replace('..', '.eyJ9.')],
    ['non-base64url characters', 'ab+c..def'],
    [
      'a protected header that is not JSON',
      `${Buffer.from('nope').toString('base64url')}..${Buffer.alloc(64).toString('base64url')}`,
    ],
    ['a short signature', `${signed.headers[SIGNATURE_HEADER]?.split('.')[0]}..AAAA`],
  ])('rejects a signature with %s (MALFORMED_SIGNATURE)', async (_label, signature) => {
    expect(
      await verifier.verify(
        consumed({ ...signed, headers: { ...signed.headers, [SIGNATURE_HEADER]: signature as string } }),
      ),
    ).toMatchObject({ reason: 'MALFORMED_SIGNATURE' });
  });

  it('reports a flipped signature bit as BAD_SIGNATURE', async () => {
    const [h, , s] = (signed.headers[SIGNATURE_HEADER] as string).split('.');
    const bytes = Buffer.from(s as string, 'base64url');
    bytes[0] = (bytes[0] as number) ^ 1;
    const result = await verifier.verify(
      consumed({
        ...signed,
        headers: { ...signed.headers, [SIGNATURE_HEADER]: `${h}..${bytes.toString('base64url')}` },
      }),
    );
    expect(result).toMatchObject({ reason: 'BAD_SIGNATURE', transient: false });
  });

  it('denies by default and names source, type and topic (POLICY_DENIED)', async () => {
    const denyAll = newVerifier(new PublishPolicy([]));
    expect(await denyAll.verify(consumed(signed))).toMatchObject({
      reason: 'POLICY_DENIED',
      detail: `${SOURCE} may not publish ${TYPE} on ${TOPIC}`,
    });
  });

  it('rejects unknown types and schema-invalid or non-JSON data', async () => {
    const unknown = newSigner().sign({
      topic: TOPIC,
      key: 'a',
      type: 'org.dpi.payments.unknown.v1',
      data: DATA,
    });
    expect(await verifier.verify(consumed(unknown))).toMatchObject({ reason: 'UNKNOWN_TYPE' });
    const invalid = newSigner().sign({
      topic: TOPIC,
      key: 'a',
      type: TYPE,
      data: { transferId: 't', amount: 12.5 },
    });
    expect(await verifier.verify(consumed(invalid))).toMatchObject({
      reason: 'SCHEMA_INVALID',
      detail: '/amount must be string',
    });
  });

  it('reports a resolver outage as a transient DID_RESOLUTION_FAILED, and recovers once it is back', async () => {
    let up = false;
    const flaky: DIDResolver = async () => {
      if (!up) throw new Error('ECONNREFUSED');
      return { didResolutionMetadata: {}, didDocument: null, didDocumentMetadata: { deactivated: true } };
    };
    const record = newSigner().sign({ topic: TOPIC, key: 'a', type: TYPE, data: DATA });
    const withFlakyKeyMethod = new EnvelopeVerifier({
      resolution: new DidResolutionService({ drivers: { key: flaky }, web: false }),
      policy: new PublishPolicy([]),
      schemas,
    });
    expect(await withFlakyKeyMethod.verify(consumed(record))).toMatchObject({
      ok: false,
      reason: 'DID_RESOLUTION_FAILED',
      transient: true,
    });
    up = true;
    expect(await withFlakyKeyMethod.verify(consumed(record))).toMatchObject({
      ok: false,
      reason: 'DID_DEACTIVATED',
      transient: false,
    });
  });
});

describe('EnvelopeVerifier properties', () => {
  const verifier = newVerifier();
  const base = consumed(signed);
  const headerNames = Object.keys(signed.headers);

  it('rejects any single-byte change to the value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: signed.value.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (index, delta) => {
          const value = Buffer.from(signed.value);
          value[index] = ((value[index] as number) + delta) % 256;
          expect((await verifier.verify({ ...base, value })).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects any change to the value of any signed header', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...headerNames),
        fc.string({ minLength: 0, maxLength: 40 }),
        async (name, replacement) => {
          fc.pre(replacement !== signed.headers[name]);
          const headers = { ...signed.headers, [name]: replacement };
          expect((await verifier.verify({ ...base, headers })).ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects removing any signed header and adding any unsigned ce_* header', async () => {
    for (const name of headerNames) {
      const { [name]: _removed, ...headers } = signed.headers;
      expect((await verifier.verify({ ...base, headers })).ok).toBe(false);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z0-9]{1,20}$/),
        fc.string({ minLength: 1, maxLength: 20 }),
        async (attribute, value) => {
          fc.pre(!(`ce_${attribute}` in signed.headers) && attribute !== 'signature');
          expect(
            (await verifier.verify({ ...base, headers: { ...signed.headers, [`ce_${attribute}`]: value } }))
              .ok,
          ).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects any change of topic or key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), async (topic, key) => {
        fc.pre(topic !== TOPIC || key !== 'acct-1');
        expect((await verifier.verify({ ...base, topic, key: Buffer.from(key) })).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
