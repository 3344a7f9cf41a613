/** Header values as kafkajs hands them to a consumer (a repeated header arrives as an array). */
export type ConsumedHeaders = Record<string, Buffer | string | Array<Buffer | string> | undefined>;

/** A consumed Kafka record, as the verifier and the dead-letter builder need it. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | null;
  headers: ConsumedHeaders;
}

/** The record of a message as kafkajs hands it to `eachMessage` / `eachBatch`. */
export function toConsumedRecord(
  topic: string,
  partition: number,
  message: { offset: string; key: Buffer | null; value: Buffer | null; headers?: ConsumedHeaders },
): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
  };
}

/** A record ready for kafkajs `producer.send({ topic, messages: [record] })`. */
export interface SignedRecord {
  key: Buffer | string | null;
  value: Buffer;
  headers: Record<string, string>;
}
