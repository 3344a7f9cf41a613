import { Partitioners, type Kafka } from 'kafkajs';
import type { TailRecord } from './tail-entry';
import { TopicReader } from './topic-reader';

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/**
 * A copy of a value with one byte changed, as an attacker would: the first digit goes up by one (an
 * amount, a version), else the first letter changes case, else a space is appended. Says what changed.
 */
export function tamperValue(value: Buffer): { value: Buffer; change: string } {
  const copy = Buffer.from(value);
  const digit = copy.findIndex(isDigit);
  const at = digit >= 0 ? digit : copy.findIndex(isLetter);
  if (at < 0)
    return { value: Buffer.concat([copy, Buffer.from(' ')]), change: 'a space appended to the value' };
  const before = copy[at] as number;
  copy[at] = digit >= 0 ? (before === 0x39 ? 0x30 : before + 1) : before ^ 0x20;
  const after = String.fromCharCode(copy[at] as number);
  return {
    value: copy,
    change: `byte ${at} of the value changed from "${String.fromCharCode(before)}" to "${after}"`,
  };
}

/** The tampered copy as produced: where it landed, and the record as a consumer will read it. */
export interface ReplayedCopy {
  change: string;
  record: TailRecord;
}

/**
 * Lab helper: reads the record at `partition`/`offset` of `topic` and produces a copy with one byte of
 * its value changed to the same partition, keeping key and headers (so the old signature now fails).
 */
export async function replayTampered(
  kafka: Kafka,
  topic: string,
  position: { partition: number; offset: string },
): Promise<ReplayedCopy> {
  let original: TailRecord | undefined;
  let found!: () => void;
  const foundIt = new Promise<void>((resolve) => (found = resolve));
  const reader = new TopicReader({
    kafka,
    topic,
    fromBeginning: true,
    follow: false,
    onRecord: async (record) => {
      if (original || record.partition !== position.partition || record.offset !== position.offset) return;
      original = record;
      found();
    },
  });
  try {
    await reader.start();
    await Promise.race([reader.done, foundIt]);
  } finally {
    await reader.stop();
  }
  if (!original) throw new Error(`${topic} has no record at ${position.partition}/${position.offset}`);

  const { value, change } = tamperValue(original.value ?? Buffer.alloc(0));
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const [sent] = await producer.send({
      topic,
      messages: [{ partition: original.partition, key: original.key, value, headers: original.headers }],
    });
    const record: TailRecord = {
      ...original,
      value,
      offset: sent?.baseOffset ?? '?',
      timestamp: String(Date.now()),
    };
    return { change, record };
  } finally {
    await producer.disconnect();
  }
}
