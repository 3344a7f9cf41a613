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

/** A record ready for kafkajs `producer.send({ topic, messages: [record] })`. */
export interface SignedRecord {
  key: Buffer | string | null;
  value: Buffer;
  headers: Record<string, string>;
}
