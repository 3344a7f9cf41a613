import { deadLetterRecord, deadLetterTopic, MAX_DLT_DETAIL_CHARS } from './dead-letter.util';
import type { ConsumedRecord } from './kafka-record.types';

const record: ConsumedRecord = {
  topic: 'payments.transfers',
  partition: 3,
  offset: '1234',
  key: Buffer.from('acct-1'),
  value: Buffer.from([0x7b, 0xff, 0x7d]),
  headers: { ce_id: Buffer.from('evt-1'), ce_signature: 'x..y', dlt_reason: 'OLD' },
};
const clock = { now: () => new Date('2026-03-01T12:00:00.000Z') };

describe('deadLetterRecord', () => {
  it('keeps the original key, value bytes and headers and adds the dlt_* headers', () => {
    const dlt = deadLetterRecord(record, { reason: 'BAD_SIGNATURE', detail: 'nope' }, clock);
    expect(dlt.topic).toBe('payments.transfers.dlt');
    expect(dlt.key).toBe(record.key);
    expect(dlt.value).toBe(record.value);
    expect(dlt.headers).toEqual({
      ce_id: record.headers.ce_id,
      ce_signature: 'x..y',
      dlt_reason: 'BAD_SIGNATURE',
      dlt_detail: 'nope',
      dlt_origin_topic: 'payments.transfers',
      dlt_origin_partition: '3',
      dlt_origin_offset: '1234',
      dlt_time: '2026-03-01T12:00:00.000Z',
    });
  });

  it('keeps headers named like Object properties (__proto__, constructor) as ordinary headers', () => {
    const headers = JSON.parse(
      '{"__proto__": "p", "constructor": "c", "ce_id": "evt-2"}',
    ) as ConsumedRecord['headers'];
    const dlt = deadLetterRecord({ ...record, headers }, { reason: 'MALFORMED_HEADER', detail: 'x' }, clock);
    expect(Object.keys(dlt.headers).slice(0, 3)).toEqual(['__proto__', 'constructor', 'ce_id']);
    expect(Object.getOwnPropertyDescriptor(dlt.headers, '__proto__')?.value).toBe('p');
    expect(dlt.headers.constructor).toBe('c');
  });

  it('truncates long details', () => {
    const dlt = deadLetterRecord(record, { reason: 'SCHEMA_INVALID', detail: 'x'.repeat(5000) }, clock);
    expect(dlt.headers.dlt_detail).toHaveLength(MAX_DLT_DETAIL_CHARS);
  });

  it('names the dead-letter topic <topic>.dlt', () => {
    expect(deadLetterTopic('sandbox.lifecycle')).toBe('sandbox.lifecycle.dlt');
  });
});
