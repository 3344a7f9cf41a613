import { deadLetterRecord } from '../dead-letter.util';
import {
  consumed,
  DATA,
  fixedClock,
  newSigner,
  newVerifier,
  SOURCE,
  TOPIC,
  TYPE,
} from '../envelope.test-fixture';
import { deadLetterOrigin, headerText, keyText, tailEntry, type TailRecord } from './tail-entry';

const input = { topic: TOPIC, key: 'acct-1', type: TYPE, subject: 'transfer/t-1', data: DATA };
const signed = newSigner().sign(input);
const record: TailRecord = { ...consumed(signed), timestamp: String(Date.parse('2026-03-01T12:00:01.000Z')) };
const entryOptions = { policyChecked: true, data: false };

describe('headerText and keyText', () => {
  it('reads header and key bytes as text', () => {
    expect(headerText({ ce_type: Buffer.from(TYPE) }, 'ce_type')).toBe(TYPE);
    expect(headerText({ ce_type: [Buffer.from('a'), Buffer.from('b')] }, 'ce_type')).toBe('a');
    expect(headerText({}, 'ce_subject')).toBeUndefined();
    expect(keyText(Buffer.from('acct-1'))).toBe('acct-1');
    expect(keyText(null)).toBeNull();
  });

  it('shows a binary key as base64', () => {
    expect(keyText(Buffer.from([0xff, 0x00]))).toBe('base64:/wA=');
  });
});

describe('tailEntry', () => {
  it('describes a verified record with its attributes and no payload', async () => {
    const entry = tailEntry(record, await newVerifier().verify(record), entryOptions);
    expect(entry).toEqual({
      topic: TOPIC,
      partition: 0,
      offset: '42',
      timestamp: '2026-03-01T12:00:01.000Z',
      id: signed.headers.ce_id,
      type: TYPE,
      source: SOURCE,
      subject: 'transfer/t-1',
      time: fixedClock.now().toISOString(),
      key: 'acct-1',
      verdict: 'verified',
      policyChecked: true,
    });
  });

  it('gives the reason and detail of a rejection', async () => {
    const tampered = { ...record, value: Buffer.from(JSON.stringify({ ...DATA, amount: '9000' })) };
    const entry = tailEntry(tampered, await newVerifier().verify(tampered), entryOptions);
    expect(entry).toMatchObject({ verdict: 'rejected', reason: 'BAD_SIGNATURE', transient: false });
    expect(entry.detail).toContain('signature does not verify');
  });

  it('adds the payload only when asked, as JSON or as the text it is', async () => {
    const result = await newVerifier().verify(record);
    expect(tailEntry(record, result, { ...entryOptions, data: true }).data).toEqual(DATA);
    const text = { ...record, value: Buffer.from('not json') };
    expect(tailEntry(text, result, { ...entryOptions, data: true }).data).toBe('not json');
  });
});

describe('deadLetterOrigin', () => {
  const deadLetter = deadLetterRecord(
    record,
    { reason: 'HANDLER_FAILED', detail: 'database down' },
    fixedClock,
  );
  const onDlt: TailRecord = {
    topic: deadLetter.topic,
    partition: 0,
    offset: '3',
    timestamp: record.timestamp,
    key: deadLetter.key,
    value: deadLetter.value,
    headers: deadLetter.headers,
  };

  it('reads the dlt_* headers', () => {
    expect(deadLetterOrigin(onDlt, 'ignored').info).toEqual({
      reason: 'HANDLER_FAILED',
      detail: 'database down',
      originTopic: TOPIC,
      originPartition: 0,
      originOffset: '42',
      time: fixedClock.now().toISOString(),
    });
  });

  it('gives back the original record, which verifies on its origin topic and not on the .dlt', async () => {
    const { original } = deadLetterOrigin(onDlt, 'ignored');
    expect(original).toMatchObject({ topic: TOPIC, partition: 0, offset: '42' });
    expect(Object.keys(original.headers).some((name) => name.startsWith('dlt_'))).toBe(false);
    expect((await newVerifier().verify(original)).ok).toBe(true);
    expect(await newVerifier().verify(onDlt)).toMatchObject({ ok: false, reason: 'BINDING_MISMATCH' });
  });

  it('falls back to the named topic when dlt_origin_topic is missing', () => {
    const { info, original } = deadLetterOrigin({ ...onDlt, headers: { ...signed.headers } }, TOPIC);
    expect(info).toMatchObject({ originTopic: TOPIC, reason: undefined });
    expect(original).toMatchObject({ topic: TOPIC, partition: 0, offset: '3' });
  });
});
