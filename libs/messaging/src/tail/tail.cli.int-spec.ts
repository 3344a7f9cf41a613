import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { didKeyFromPublicKey, didKeyVerificationMethodId, generateEd25519KeyPair } from '@dpi/did';
import { createTestKafka, createTopic, testKafkaBrokers, uniqueTopic } from '@dpi/testing';
import { deadLetterRecord } from '../dead-letter.util';
import { EnvelopeSigner } from '../envelope.signer';
import type { SignedRecord } from '../kafka-record.types';
import { eventually } from '../testing/messaging-test-bed';
import type { TailEntry } from './tail-entry';

// The compiled CLI, as `npm run tail` runs it (npm test builds before the integration tier).
const repoRoot = join(__dirname, '..', '..', '..', '..');
const cli = join(repoRoot, 'dist', 'libs', 'messaging', 'src', 'tail', 'tail.cli.js');
// A payload type the contracts define, so the schema step passes for an untampered record.
const TYPE = 'org.dpi.sandbox.service.started.v1';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run tail against the real broker', () => {
  const brokers = testKafkaBrokers().join(',');
  // An empty sandbox data folder: a developer's own .sandbox/publish-policy.json must not count here.
  const dataDir = mkdtempSync(join(tmpdir(), 'tail-'));
  const policyFile = join(dataDir, 'policy.json');
  const topic = uniqueTopic('test.tail');
  const { privateKey, publicKey } = generateEd25519KeyPair();
  const source = didKeyFromPublicKey(publicKey);
  const signer = new EnvelopeSigner({ privateKey, kid: didKeyVerificationMethodId(source), source });
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  const children: ChildProcess[] = [];

  const started = (service: string, on = topic) =>
    signer.sign({
      topic: on,
      key: service,
      type: TYPE,
      subject: `service/${service}`,
      data: { service, version: '0.1.0', instanceId: randomUUID(), startedAt: new Date().toISOString() },
    });
  const good = started('payment-switch');
  const tampered: SignedRecord = {
    ...good,
    value: Buffer.from(good.value.toString('utf8').replace('0.1.0', '9.9.9')),
  };

  function env(): NodeJS.ProcessEnv {
    return { ...process.env, SANDBOX_DATA_DIR: dataDir, PUBLISH_POLICY_FILE: '' };
  }

  /** Starts the CLI; `live` fills up as it prints, `result` settles when it exits. */
  function start(args: string[]): { child: ChildProcess; live: Run; result: Promise<Run> } {
    const child = spawn(
      process.execPath,
      [
        '--disable-warning=TimeoutNegativeWarning',
        cli,
        ...args,
        '--brokers',
        brokers,
        '--registry',
        'http://127.0.0.1:9',
      ],
      { cwd: repoRoot, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    const live: Run = { code: null, stdout: '', stderr: '' };
    child.stdout?.on('data', (chunk: Buffer) => (live.stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (live.stderr += chunk.toString()));
    const result = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ ...live, code })));
    return { child, live, result };
  }

  const tail = (args: string[]) => start(args).result;
  const lines = (run: Run) =>
    run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as TailEntry);

  beforeAll(async () => {
    expect(existsSync(cli)).toBe(true);
    await createTopic(topic);
    await createTopic(`${topic}.dlt`);
    writeFileSync(
      policyFile,
      JSON.stringify({
        rules: [{ source: 'did:key:*', topic: 'test.tail.*', types: ['org.dpi.sandbox.*'] }],
      }),
    );
    kafka = createTestKafka('tail-int');
    admin = kafka.admin();
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await Promise.all([admin.connect(), producer.connect()]);
    // Offsets 0, 1, 2: valid, tampered, valid.
    await producer.send({ topic, messages: [good, tampered, started('identity-registry')] });
    // What a consumer would have dead-lettered: the tampered record, and a valid one whose handler failed.
    const onTopic = (record: SignedRecord, offset: string) => ({
      topic,
      partition: 0,
      offset,
      key: Buffer.from(record.key as string),
      value: record.value,
      headers: record.headers,
    });
    await producer.send({
      topic: `${topic}.dlt`,
      messages: [
        deadLetterRecord(onTopic(tampered, '1'), {
          reason: 'BAD_SIGNATURE',
          detail: 'signature does not verify',
        }),
        deadLetterRecord(onTopic(good, '0'), { reason: 'HANDLER_FAILED', detail: 'database down' }),
      ],
    });
  }, 60_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await producer?.disconnect();
    await admin?.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints each record with its verdict: a valid signature verifies, a tampered value is BAD_SIGNATURE', async () => {
    const run = await tail([topic, '--from-beginning', '--max', '2', '--json', '--policy', policyFile]);
    expect(run.code).toBe(0);
    const [first, second, ...more] = lines(run);
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      topic,
      partition: 0,
      offset: '0',
      type: TYPE,
      source,
      subject: 'service/payment-switch',
      key: 'payment-switch',
      id: good.headers.ce_id,
      verdict: 'verified',
      policyChecked: true,
    });
    expect(first).not.toHaveProperty('data');
    expect(second).toMatchObject({ offset: '1', verdict: 'rejected', reason: 'BAD_SIGNATURE' });
  });

  it('without a policy, says so and never reports the policy step as passed; exits at the end without --max', async () => {
    const run = await tail([topic, '--from-beginning', '--json', '--data']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('No publish policy');
    const entries = lines(run);
    expect(entries.map((e) => [e.offset, e.verdict, e.policyChecked])).toEqual([
      ['0', 'verified', false],
      ['1', 'rejected', false],
      ['2', 'verified', false],
    ]);
    expect(entries[1]?.data).toMatchObject({ service: 'payment-switch', version: '9.9.9' });
  });

  it('follows a dead-letter topic: reason, detail, origin, and the original re-verified against its origin topic', async () => {
    const run = await tail([topic, '--dlt', '--from-beginning', '--json', '--policy', policyFile]);
    expect(run.code).toBe(0);
    const [tamperedLetter, failedLetter] = lines(run);
    expect(tamperedLetter).toMatchObject({
      topic: `${topic}.dlt`,
      deadLetter: {
        reason: 'BAD_SIGNATURE',
        detail: 'signature does not verify',
        originTopic: topic,
        originPartition: 0,
        originOffset: '1',
      },
      verdict: 'rejected',
      reason: 'BAD_SIGNATURE',
    });
    expect(tamperedLetter?.deadLetter?.time).toMatch(/Z$/);
    // Its signature binds the origin topic, so it verifies there (and only there).
    expect(failedLetter).toMatchObject({
      deadLetter: { reason: 'HANDLER_FAILED', detail: 'database down', originOffset: '0' },
      verdict: 'verified',
    });

    const text = await tail([`${topic}.dlt`, '--from-beginning', '--policy', policyFile]);
    expect(text.stdout).toContain('dead letter BAD_SIGNATURE: signature does not verify');
    expect(text.stdout).toContain(`(from ${topic} 0/1)`);
    expect(text.stdout).toContain('re-verified: ✗ BAD_SIGNATURE');
    expect(text.stdout).not.toContain('\u001b[');
    expect(text.stderr).toContain('2 dead letters: re-verified now, 1 verified, 1 rejected.');
  });

  it('follows new records by default until Ctrl-C, then exits cleanly', async () => {
    const { child, live, result } = start([topic, '--policy', policyFile]);
    expect(await eventually(async () => live.stderr.includes('new records only'))).toBe(true);
    await producer.send({ topic, messages: [started('data-exchange-gateway')] });
    expect(await eventually(async () => live.stdout.includes('key=data-exchange-gateway  ✓ verified'))).toBe(
      true,
    );
    child.kill('SIGINT');
    const run = await result;
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('1 record: 1 verified, 0 rejected.');
  });

  it('replays a tampered copy of a record for a lab, which then fails verification', async () => {
    const lab = uniqueTopic('test.tail.lab');
    await createTopic(lab);
    await producer.send({ topic: lab, messages: [started('payment-switch', lab)] });
    const replay = await tail([lab, '--replay-tampered', '0/0', '--json']);
    expect(replay.code).toBe(0);
    expect(lines(replay)).toMatchObject([{ offset: '1', verdict: 'rejected', reason: 'BAD_SIGNATURE' }]);
    const after = await tail([lab, '--from-beginning', '--json', '--data']);
    expect(lines(after).map((e) => [e.offset, e.reason ?? e.verdict])).toEqual([
      ['0', 'verified'],
      ['1', 'BAD_SIGNATURE'],
    ]);
    // The first digit of the value, the version's, went up by one; key and headers are the original's.
    expect(lines(after)[1]).toMatchObject({ key: 'payment-switch', data: { version: '1.1.0' } });
    expect(lines(after)[1]?.id).toBe(lines(after)[0]?.id);
  });

  it('names the topics that exist when asked for one that does not', async () => {
    const run = await tail([`${topic}-typo`, '--from-beginning']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Topic ${topic}-typo does not exist on ${brokers}. Topics there:`);
    expect(run.stderr).toContain(topic);
  });

  it('leaves no consumer group behind (and so no committed offset)', async () => {
    const { groups } = await admin.listGroups();
    expect(groups.filter((group) => group.groupId.startsWith('dpi-tail-'))).toEqual([]);
  });
});
