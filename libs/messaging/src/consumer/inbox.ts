import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { VerifiedEvent } from '../envelope.verifier';

/** An event about to be recorded in the inbox. */
export interface InboxEntry {
  event: VerifiedEvent;
  topic: string;
  valueSha256: Buffer;
}

/** What the inbox says of an entry: first time, the same event again, or the same id with other content. */
export type InboxVerdict = 'new' | 'duplicate' | 'conflict';

/** SHA-256 of a record value: what tells a redelivery from a modified event with a reused id. */
export function valueDigest(value: Buffer | null): Buffer {
  return createHash('sha256')
    .update(value ?? Buffer.alloc(0))
    .digest();
}

const keyOf = (event: VerifiedEvent) => `${event.source}\u0000${event.id}`;

/**
 * Records entries in `messaging_inbox` through `manager` (inside the handler's transaction) and says,
 * for each, whether it is new. Entries repeated within `entries` count as duplicates of the first.
 */
export async function recordInInbox(manager: EntityManager, entries: InboxEntry[]): Promise<InboxVerdict[]> {
  const verdicts: InboxVerdict[] = new Array<InboxVerdict>(entries.length);
  const firstIndex = new Map<string, number>();
  const unique: number[] = [];
  entries.forEach((entry, index) => {
    const key = keyOf(entry.event);
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      unique.push(index);
    } else {
      verdicts[index] = (entries[first] as InboxEntry).valueSha256.equals(entry.valueSha256)
        ? 'duplicate'
        : 'conflict';
    }
  });
  const pick = <T>(f: (entry: InboxEntry) => T) => unique.map((index) => f(entries[index] as InboxEntry));
  const inserted = (await manager.query(
    `INSERT INTO messaging_inbox (source, event_id, value_sha256, topic, event_type)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[])
     ON CONFLICT DO NOTHING RETURNING source, event_id`,
    [
      pick((e) => e.event.source),
      pick((e) => e.event.id),
      pick((e) => e.valueSha256),
      pick((e) => e.topic),
      pick((e) => e.event.type),
    ],
  )) as Array<{ source: string; event_id: string }>;
  const newKeys = new Set(inserted.map((row) => `${row.source}\u0000${row.event_id}`));
  const seenBefore = unique.filter((index) => !newKeys.has(keyOf((entries[index] as InboxEntry).event)));
  const stored = new Map<string, Buffer>();
  if (seenBefore.length > 0) {
    const rows = (await manager.query(
      `SELECT source, event_id, value_sha256 FROM messaging_inbox
        WHERE (source, event_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [
        seenBefore.map((i) => (entries[i] as InboxEntry).event.source),
        seenBefore.map((i) => (entries[i] as InboxEntry).event.id),
      ],
    )) as Array<{ source: string; event_id: string; value_sha256: Buffer }>;
    for (const row of rows) stored.set(`${row.source}\u0000${row.event_id}`, row.value_sha256);
  }
  for (const index of unique) {
    const entry = entries[index] as InboxEntry;
    const key = keyOf(entry.event);
    if (newKeys.has(key)) verdicts[index] = 'new';
    else verdicts[index] = stored.get(key)?.equals(entry.valueSha256) ? 'duplicate' : 'conflict';
  }
  return verdicts;
}
