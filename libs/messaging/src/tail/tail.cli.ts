// The message tail: `npm run tail -- <topic> [options]` (node dist/libs/messaging/src/tail/tail.cli.js).
// Prints each record of a topic, or each dead letter of its .dlt, with its verification verdict.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { EnvelopeVerifier } from '../envelope.verifier';
import { replayTampered } from './replay-tampered';
import { deadLetterOrigin, tailEntry, type TailEntry, type TailRecord } from './tail-entry';
import { TailEntryFormatter } from './tail-entry.format';
import { parseTailArgs, TAIL_USAGE, unknownTopicMessage, type TailOptions } from './tail-options';
import { loadTailPolicy, type TailPolicy } from './tail-policy.loader';
import { createTailVerifier } from './tail-verifier.factory';
import { TopicReader, UnknownTopicError } from './topic-reader';

const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

// One Ctrl-C reaches us several times (the terminal signals the process group; npm and tools/run.mjs
// forward it): repeats within this window are the same interrupt, a later one means "exit now".
const REPEATED_SIGNAL_WINDOW_MS = 2_000;

/** The repository root (the folder holding contracts/asyncapi), found from src/ or from dist/ alike. */
function repositoryRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts', 'asyncapi'))) return dir;
  }
  throw new Error(
    `no contracts/asyncapi folder above ${from}; set CONTRACTS_DIR to the repository's contracts/ folder`,
  );
}

function describeStart(options: TailOptions, policy: TailPolicy): string[] {
  const what = options.deadLetters
    ? `dead letters on ${options.readTopic} (each re-verified against ${options.topic})`
    : options.topic;
  const when = !options.fromBeginning
    ? 'new records only; Ctrl-C stops'
    : options.follow
      ? 'from the beginning, then new records; Ctrl-C stops'
      : 'from the beginning to the current end (--follow keeps waiting)';
  const lines = [`Tailing ${what} on ${options.brokers.join(',')}: ${when}.`];
  lines.push(
    policy.kind === 'file'
      ? `Publish policy: ${policy.path}.`
      : 'No publish policy (--policy, PUBLISH_POLICY_FILE or .sandbox/publish-policy.json): every other step is verified, the policy step is not checked.',
  );
  return lines;
}

/** Exit code and message for a failure to read or write Kafka. */
function failure(error: unknown, brokers: string[]): number {
  if (error instanceof UnknownTopicError) {
    note(unknownTopicMessage(error.topic, error.existing, brokers));
    return 2;
  }
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name.startsWith('KafkaJS'))
    note(
      `Cannot use Kafka at ${brokers.join(',')}: ${reason}.\nIs the sandbox running (npm start)? --brokers or KAFKA_BROKERS name another broker.`,
    );
  else note(reason);
  return 1;
}

/** What both the tail and the replay helper need. */
interface TailContext {
  options: TailOptions;
  policy: TailPolicy;
  verifier: EnvelopeVerifier;
  kafka: Kafka;
  formatter: TailEntryFormatter;
  entryOptions: { policyChecked: boolean; data: boolean };
}

/** Resolves once a Ctrl-C (or SIGTERM) arrives; a second one well after the first exits at once. */
function interrupted(): Promise<void> {
  return new Promise((resolveInterrupt) => {
    let firstSignalAt: number | undefined;
    const onSignal = () => {
      if (firstSignalAt === undefined) {
        firstSignalAt = Date.now();
        resolveInterrupt();
      } else if (Date.now() - firstSignalAt > REPEATED_SIGNAL_WINDOW_MS) process.exit(130);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function tail(context: TailContext): Promise<number> {
  const { options, policy, verifier, formatter, entryOptions } = context;
  const counts = { shown: 0, verified: 0, rejected: 0 };
  let reachedMax!: () => void;
  const maxReached = new Promise<void>((resolveMax) => (reachedMax = resolveMax));
  const stopped = Promise.race([interrupted(), maxReached]);

  const onRecord = async (record: TailRecord) => {
    if (options.max !== undefined && counts.shown >= options.max) return;
    let entry: TailEntry;
    if (options.deadLetters) {
      const { info, original } = deadLetterOrigin(record, options.topic);
      entry = tailEntry(record, await verifier.verify(original), { ...entryOptions, deadLetter: info });
    } else {
      entry = tailEntry(record, await verifier.verify(record), entryOptions);
    }
    counts.shown++;
    counts[entry.verdict]++;
    say(options.json ? JSON.stringify(entry) : formatter.format(entry));
    if (counts.shown === options.max) reachedMax();
  };

  const reader = new TopicReader({
    kafka: context.kafka,
    topic: options.readTopic,
    fromBeginning: options.fromBeginning,
    follow: options.follow,
    onRecord,
  });
  try {
    await reader.start();
    for (const line of describeStart(options, policy))
      if (!options.json || line.startsWith('No publish')) note(line);
    await Promise.race([reader.done, stopped]);
  } catch (error) {
    return failure(error, options.brokers);
  } finally {
    await reader.stop().catch(() => undefined);
  }
  if (!options.json) {
    const what = `${options.deadLetters ? 'dead letter' : 'record'}${counts.shown === 1 ? '' : 's'}`;
    const verdicts = `${counts.verified} verified, ${counts.rejected} rejected`;
    note(`${counts.shown} ${what}: ${options.deadLetters ? `re-verified now, ${verdicts}` : verdicts}.`);
  }
  return 0;
}

/** --replay-tampered: produces the tampered copy and shows the verdict a consumer will reach on it. */
async function replay(
  context: TailContext,
  position: { partition: number; offset: string },
): Promise<number> {
  const { options, verifier, formatter, entryOptions } = context;
  let copy;
  try {
    copy = await replayTampered(context.kafka, options.topic, position);
  } catch (error) {
    return failure(error, options.brokers);
  }
  const entry = tailEntry(copy.record, await verifier.verify(copy.record), entryOptions);
  if (options.json) say(JSON.stringify(entry));
  else {
    note(
      `Produced to ${options.topic} a copy of ${position.partition}/${position.offset} with ${copy.change}; key, headers and signature unchanged:`,
    );
    say(formatter.format(entry));
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseTailArgs(argv, process.env, process.env.INIT_CWD || process.cwd());
  if (parsed.kind === 'help') {
    say(TAIL_USAGE);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    note(`${parsed.message}\n\n${TAIL_USAGE}`);
    return 2;
  }
  const options = parsed.options;
  const root = repositoryRoot(__dirname);
  const contractsDir = process.env.CONTRACTS_DIR
    ? resolve(process.env.CONTRACTS_DIR)
    : join(root, 'contracts');
  const dataDir = resolve(root, process.env.SANDBOX_DATA_DIR?.trim() || '.sandbox');
  let policy: TailPolicy;
  try {
    policy = loadTailPolicy(options.policyFile, join(dataDir, 'publish-policy.json'));
  } catch (error) {
    note((error as Error).message);
    return 2;
  }
  // `npm run tail -- x | head`: the reader went away, which is the end of the tail, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  const context: TailContext = {
    options,
    policy,
    verifier: await createTailVerifier({
      registryUrl: options.registryUrl,
      asyncApiDir: join(contractsDir, 'asyncapi'),
      policy,
      allowHttpForLocalhost: process.env.DID_WEB_ALLOW_HTTP_LOCALHOST === 'true',
    }),
    kafka: new Kafka({
      clientId: 'dpi-tail',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      retry: { initialRetryTime: 200, retries: 2, maxRetryTime: 1_000 },
    }),
    formatter: new TailEntryFormatter(Boolean(process.stdout.isTTY && process.stdout.hasColors?.())),
    entryOptions: { policyChecked: policy.kind === 'file', data: options.data },
  };
  return options.replayTampered ? replay(context, options.replayTampered) : tail(context);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    note(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
