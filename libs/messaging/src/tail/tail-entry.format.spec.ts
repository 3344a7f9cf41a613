import { stripVTControlCharacters } from 'node:util';
import type { TailEntry } from './tail-entry';
import { printable, shortenDids, TailEntryFormatter } from './tail-entry.format';

const DID_KEY = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const entry: TailEntry = {
  topic: 'sandbox.lifecycle',
  partition: 0,
  offset: '12',
  timestamp: '2026-03-01T12:00:01.000Z',
  id: '019bc0fd-8da8-7458-a9ed-b104e3d4ff7d',
  type: 'org.dpi.sandbox.service.started.v1',
  source: DID_KEY,
  subject: 'service/payment-switch',
  time: '2026-03-01T12:00:00.000Z',
  key: 'payment-switch',
  verdict: 'verified',
  policyChecked: true,
};
const plain = new TailEntryFormatter(false);

describe('shortenDids', () => {
  it('keeps the start and end of opaque ids and fragments, enough to tell keys apart', () => {
    expect(shortenDids(DID_KEY)).toBe('did:key:z6MkhaXg…ta2doK');
    expect(
      shortenDids(
        `signature does not verify with ${DID_KEY}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`,
      ),
    ).toBe('signature does not verify with did:key:z6MkhaXg…ta2doK#z6MkhaXg…ta2doK');
  });

  it('keeps readable and short DIDs whole', () => {
    for (const did of [
      'did:dpi:LeeSNtAvGgEYGxjDCvrdVB#key-1',
      'did:web:psp-a.vectors.dpi.example',
      'urn:dpi:service:payment-switch',
    ])
      expect(shortenDids(did)).toBe(did);
  });
});

describe('printable', () => {
  it('escapes control characters and bidirectional overrides a record could use to fool a terminal', () => {
    expect(printable('a\u001b[2Jb\nc\u202ed')).toBe('a\\u{1b}[2Jb\\u{a}c\\u{202e}d');
    expect(printable('plain text, ümlaut ✓')).toBe('plain text, ümlaut ✓');
  });
});

describe('TailEntryFormatter', () => {
  it('prints one line: position, time, type, source, subject, key and verdict', () => {
    expect(plain.format(entry)).toBe(
      '0/12  2026-03-01T12:00:00.000Z  org.dpi.sandbox.service.started.v1  did:key:z6MkhaXg…ta2doK  ' +
        'subject=service/payment-switch  key=payment-switch  ✓ verified',
    );
  });

  it('never claims a pass for a policy it did not check', () => {
    expect(plain.format({ ...entry, policyChecked: false })).toMatch(/✓ verified \(policy not checked\)$/);
  });

  it('leaves out an absent subject and key, and falls back to the broker time without ce_time', () => {
    const { subject: _subject, time: _time, ...rest } = entry;
    expect(plain.format({ ...rest, key: null })).toBe(
      '0/12  2026-03-01T12:00:01.000Z  org.dpi.sandbox.service.started.v1  did:key:z6MkhaXg…ta2doK  ✓ verified',
    );
  });

  it('prints the reason and detail of a rejection, and says when a consumer would retry', () => {
    const rejected: TailEntry = {
      ...entry,
      verdict: 'rejected',
      reason: 'BAD_SIGNATURE',
      detail: `signature does not verify with ${DID_KEY}#key-1`,
      transient: false,
    };
    expect(plain.format(rejected)).toMatch(
      / {2}✗ BAD_SIGNATURE: signature does not verify with did:key:z6MkhaXg…ta2doK#key-1$/,
    );
    const transient: TailEntry = {
      ...rejected,
      reason: 'DID_RESOLUTION_FAILED',
      detail: 'fetch failed',
      transient: true,
    };
    expect(plain.format(transient)).toMatch(
      /✗ DID_RESOLUTION_FAILED: fetch failed \(transient: a consumer would retry\)$/,
    );
  });

  it('prints a dead letter on two lines: why and where from, then the record and its re-verification', () => {
    const lines = plain
      .format({
        ...entry,
        topic: 'sandbox.lifecycle.dlt',
        offset: '3',
        verdict: 'rejected',
        reason: 'BAD_SIGNATURE',
        detail: 'signature does not verify',
        deadLetter: {
          reason: 'BAD_SIGNATURE',
          detail: 'signature does not verify',
          originTopic: 'sandbox.lifecycle',
          originPartition: 0,
          originOffset: '17',
          time: '2026-03-01T12:00:05.000Z',
        },
      })
      .split('\n');
    expect(lines).toEqual([
      '0/3  2026-03-01T12:00:05.000Z  dead letter BAD_SIGNATURE: signature does not verify  (from sandbox.lifecycle 0/17)',
      '     2026-03-01T12:00:00.000Z  org.dpi.sandbox.service.started.v1  did:key:z6MkhaXg…ta2doK  ' +
        'subject=service/payment-switch  key=payment-switch  re-verified: ✗ BAD_SIGNATURE: signature does not verify',
    ]);
  });

  it('adds the payload line only when the entry carries data', () => {
    const lines = plain.format({ ...entry, data: { service: 'payment-switch' } }).split('\n');
    expect(lines[1]).toBe('      data: {"service":"payment-switch"}');
  });

  it('colours the verdict only when asked', () => {
    expect(plain.format(entry)).not.toContain('\u001b[');
    const coloured = new TailEntryFormatter(true).format(entry);
    expect(coloured).toContain('\u001b[32m✓ verified');
    expect(stripVTControlCharacters(coloured)).toBe(plain.format(entry));
  });

  it('escapes what a forged header could do to the terminal', () => {
    expect(plain.format({ ...entry, subject: 'x\u001b[31my' })).toContain('subject=x\\u{1b}[31my');
  });
});
