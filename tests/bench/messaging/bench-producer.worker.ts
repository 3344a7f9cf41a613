// Worker thread of the messaging benchmark: signs and produces events as a separate publisher would,
// on its own core, at full speed (rate 0) or at a fixed rate, and reports how long it took.
import { createPrivateKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { EnvelopeSigner } from '@dpi/messaging';

export interface ProducerJob {
  brokers: string[];
  topic: string;
  type: string;
  privateKeyPem: string;
  kid: string;
  source: string;
  count: number;
  /** Messages per second; 0 means as fast as possible. */
  rate: number;
  keys: number;
}

async function main(job: ProducerJob): Promise<void> {
  const signer = new EnvelopeSigner({
    privateKey: createPrivateKey(job.privateKeyPem),
    kid: job.kid,
    source: job.source,
  });
  const kafka = new Kafka({ clientId: 'bench-producer', brokers: job.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const started = Date.now();
  const chunk = job.rate === 0 ? 500 : Math.max(1, Math.round(job.rate / 100));
  // A few sends in flight, as a busy service's producer has: signing the next chunk overlaps the broker's ack.
  const inFlight = new Set<Promise<unknown>>();
  for (let sent = 0; sent < job.count; sent += chunk) {
    const messages = [];
    for (let i = sent; i < Math.min(job.count, sent + chunk); i++) {
      const account = `acct-${i % job.keys}`;
      messages.push(
        signer.sign({
          topic: job.topic,
          key: account,
          type: job.type,
          subject: account,
          data: { account, seq: i, amount: '1250', currency: 'EUR' },
        }),
      );
    }
    const send = producer.send({ topic: job.topic, acks: 1, messages }).finally(() => inFlight.delete(send));
    inFlight.add(send);
    if (inFlight.size >= 4) await Promise.race(inFlight);
    if (job.rate > 0) {
      const due = started + ((sent + chunk) / job.rate) * 1000;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await Promise.all(inFlight);
  await producer.disconnect();
  parentPort?.postMessage({ producedMs: Date.now() - started });
}

main(workerData as ProducerJob).catch((error: unknown) => {
  parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
