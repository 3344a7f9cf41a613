import type { VerifyResult } from '../envelope.verifier';
import type { ConsumedHeaders, ConsumedRecord } from '../kafka-record.types';

/** A consumed record as the tail sees it: the verifier's view plus the broker's timestamp (ms, as a string). */
export interface TailRecord extends ConsumedRecord {
  timestamp: string;
}

/** Where a dead letter came from and why, from its `dlt_*` headers. */
export interface DeadLetterInfo {
  reason?: string;
  detail?: string;
  originTopic: string;
  originPartition?: number;
  originOffset?: string;
  time?: string;
}

/**
 * One printed record, also the shape of a `--json` line. Attributes are the header values as received
 * (signed only when the verdict is `verified`); for a dead letter, the verdict is the re-verification of
 * the original record against its origin topic.
 */
export interface TailEntry {
  topic: string;
  partition: number;
  offset: string;
  /** The broker's record timestamp, RFC 3339. */
  timestamp?: string;
  id?: string;
  type?: string;
  source?: string;
  subject?: string;
  /** `ce_time`. */
  time?: string;
  key: string | null;
  verdict: 'verified' | 'rejected';
  /** Whether a publish policy took part; without one a `verified` record passed every other step. */
  policyChecked: boolean;
  reason?: string;
  detail?: string;
  /** A transient rejection (DID resolution unavailable) is one a consumer would retry. */
  transient?: boolean;
  deadLetter?: DeadLetterInfo;
  /** The payload, only when asked for (`--data`): parsed JSON, or the text when it is not JSON. */
  data?: unknown;
}

const lenientUtf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A header's value as text (the first one when repeated), or undefined when absent. */
export function headerText(headers: ConsumedHeaders, name: string): string | undefined {
  const raw = headers[name];
  const single = Array.isArray(raw) ? raw[0] : raw;
  if (single === undefined) return undefined;
  return typeof single === 'string' ? single : lenientUtf8.decode(single);
}

/** A record key for display: its UTF-8 text, `base64:...` when it is binary, null when absent. */
export function keyText(key: Buffer | string | null): string | null {
  if (key === null || typeof key === 'string') return key;
  try {
    return strictUtf8.decode(key);
  } catch {
    return `base64:${key.toString('base64')}`;
  }
}

function payload(value: Buffer | null): unknown {
  if (value === null) return null;
  const text = lenientUtf8.decode(value);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isoTime(milliseconds: string): string | undefined {
  const time = Number(milliseconds);
  return Number.isFinite(time) && time >= 0 ? new Date(time).toISOString() : undefined;
}

/**
 * A dead letter's `dlt_*` headers, and the original record as it was on its origin topic (so it can be
 * verified again there: its signature binds that topic). `fallbackTopic` stands in for a missing origin.
 */
export function deadLetterOrigin(
  record: ConsumedRecord,
  fallbackTopic: string,
): { info: DeadLetterInfo; original: ConsumedRecord } {
  const partitionText = headerText(record.headers, 'dlt_origin_partition');
  const originPartition =
    partitionText !== undefined && /^\d+$/.test(partitionText) ? Number(partitionText) : undefined;
  const info: DeadLetterInfo = {
    reason: headerText(record.headers, 'dlt_reason'),
    detail: headerText(record.headers, 'dlt_detail'),
    originTopic: headerText(record.headers, 'dlt_origin_topic') || fallbackTopic,
    originPartition,
    originOffset: headerText(record.headers, 'dlt_origin_offset'),
    time: headerText(record.headers, 'dlt_time'),
  };
  const headers: ConsumedHeaders = {};
  for (const [name, value] of Object.entries(record.headers))
    if (!name.startsWith('dlt_')) headers[name] = value;
  const original: ConsumedRecord = {
    topic: info.originTopic,
    partition: originPartition ?? record.partition,
    offset: info.originOffset ?? record.offset,
    key: record.key,
    value: record.value,
    headers,
  };
  return { info, original };
}

/** What the tail prints for a record, given the verifier's verdict on it (or on its original, for a dead letter). */
export function tailEntry(
  record: TailRecord,
  result: VerifyResult,
  options: { policyChecked: boolean; data: boolean; deadLetter?: DeadLetterInfo },
): TailEntry {
  const { headers } = record;
  const entry: TailEntry = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: isoTime(record.timestamp),
    id: headerText(headers, 'ce_id'),
    type: headerText(headers, 'ce_type'),
    source: headerText(headers, 'ce_source'),
    subject: headerText(headers, 'ce_subject'),
    time: headerText(headers, 'ce_time'),
    key: keyText(record.key),
    verdict: result.ok ? 'verified' : 'rejected',
    policyChecked: options.policyChecked,
  };
  if (!result.ok)
    Object.assign(entry, { reason: result.reason, detail: result.detail, transient: result.transient });
  if (options.deadLetter) entry.deadLetter = options.deadLetter;
  if (options.data) entry.data = payload(record.value);
  return entry;
}
