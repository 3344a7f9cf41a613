import { join } from 'node:path';

import { buildServiceStartedMessage, SERVICE_STARTED_TYPE } from './service-started.event';
import { loadServiceStartedValidator, parseServiceStarted } from './service-started.parser';

// The real contract, so the parser and contracts/asyncapi cannot drift apart.
const validate = loadServiceStartedValidator(join(__dirname, '..', '..', '..', '..', 'contracts'));
const started = {
  service: 'payment-switch',
  version: '0.1.0',
  instanceId: '0b8e5b3c-3f47-4a8e-9d7e-5a1c2f9d8e21',
  startedAt: '2026-11-22T10:00:00.000Z',
};

function record(value: string | null, headers: Record<string, string> = buildHeaders()) {
  return { headers, value: value === null ? null : Buffer.from(value) };
}

function buildHeaders(): Record<string, string> {
  return buildServiceStartedMessage(started).headers as Record<string, string>;
}

describe('buildServiceStartedMessage', () => {
  it('is a CloudEvents binary-mode record keyed by the service name', () => {
    const message = buildServiceStartedMessage(started, new Date('2026-11-22T10:00:01Z'), 'event-1');
    expect(message.key).toBe('payment-switch');
    expect(JSON.parse(String(message.value))).toEqual(started);
    expect(message.headers).toEqual({
      ce_id: 'event-1',
      ce_source: 'urn:dpi:service:payment-switch',
      ce_type: SERVICE_STARTED_TYPE,
      ce_specversion: '1.0',
      ce_time: '2026-11-22T10:00:01.000Z',
      'content-type': 'application/json',
    });
  });
});

describe('parseServiceStarted', () => {
  it('accepts an announcement that matches the contract', () => {
    expect(parseServiceStarted(record(JSON.stringify(started)), validate)).toEqual({ ok: true, started });
  });

  it('accepts headers kafkajs delivers as buffers', () => {
    const headers = Object.fromEntries(
      Object.entries(buildHeaders()).map(([key, value]) => [key, Buffer.from(value)]),
    );
    expect(parseServiceStarted({ headers, value: Buffer.from(JSON.stringify(started)) }, validate).ok).toBe(
      true,
    );
  });

  it.each([
    [
      'another ce_type',
      record(JSON.stringify(started), { ...buildHeaders(), ce_type: 'org.example.other.v1' }),
      'unexpected ce_type',
    ],
    ['no ce_type', record(JSON.stringify(started), {}), 'unexpected ce_type'],
    ['an empty value', record(null), 'empty value'],
    ['a value that is not JSON', record('{not json'), 'not JSON'],
    ['an unknown service', record(JSON.stringify({ ...started, service: 'mallory' })), '/service'],
    [
      'an instance id that is not a UUID',
      record(JSON.stringify({ ...started, instanceId: 'x' })),
      '/instanceId',
    ],
    ['an extra field', record(JSON.stringify({ ...started, extra: 1 })), 'additional'],
    ['a missing field', record(JSON.stringify({ ...started, startedAt: undefined })), 'startedAt'],
  ])('skips %s and says why', (_case, input, reason) => {
    const parsed = parseServiceStarted(input, validate);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});
