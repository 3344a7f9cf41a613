import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deadLetterTopic } from '../dead-letter.util';

/** What `npm run tail` was asked to do, with every default applied. */
export interface TailOptions {
  /** The topic whose events are shown (for dead letters: the origin topic they are re-verified against). */
  topic: string;
  /** The topic actually read: `topic`, or `topic.dlt` with --dlt. */
  readTopic: string;
  deadLetters: boolean;
  fromBeginning: boolean;
  /** Keep running after the records present at start (always, unless --from-beginning without --follow). */
  follow: boolean;
  json: boolean;
  data: boolean;
  brokers: string[];
  registryUrl: string;
  /** A policy file named by --policy or PUBLISH_POLICY_FILE (absolute); it must exist. */
  policyFile?: string;
  max?: number;
  /** Lab helper: instead of tailing, produce a tampered copy of the record at this position. */
  replayTampered?: { partition: number; offset: string };
}

export type ParsedTailArgs =
  { kind: 'run'; options: TailOptions } | { kind: 'help' } | { kind: 'invalid'; message: string };

export const TAIL_USAGE = `Usage: npm run tail -- <topic> [options]

Prints each record on a Kafka topic with its type, source, subject, time, key and the verdict of the
signed-envelope verification (contracts/specs/message-envelope.md): "✓ verified" or "✗ REASON: detail".

  --from-beginning    start at the oldest record, print what is there and exit (add --follow to go on)
                      without it: only records produced from now on, until Ctrl-C
  --follow            keep waiting for new records (the default without --from-beginning)
  --dlt               read <topic>.dlt: each dead letter's dlt_reason, dlt_detail, origin and time, and a
                      re-verification of the original record against <topic> (a <topic>.dlt name works too)
  --json              one JSON object per line, for scripts (with npm, use "npm run --silent tail")
  --data              show the payload too (off by default: values may be personal data)
  --max <n>           stop after n records
  --brokers <list>    Kafka bootstrap servers, host:port[,host:port]
                      (default: KAFKA_BROKERS, else 127.0.0.1:$SANDBOX_KAFKA_PORT or 127.0.0.1:9092)
  --registry <url>    identity registry that resolves did:dpi
                      (default: IDENTITY_REGISTRY_URL, else http://127.0.0.1:$IDENTITY_REGISTRY_PORT or :3001)
  --policy <file>     publish policy, JSON { "rules": [{ "source", "topic", "types" }] }
                      (default: PUBLISH_POLICY_FILE, else .sandbox/publish-policy.json if it exists;
                      without one, every other step is verified and the policy step is reported as not checked)
  --replay-tampered <partition>/<offset>
                      lab helper: produce to <topic> a copy of that record with one byte of its value
                      changed (key, headers and signature kept), then exit; verifiers reject it: BAD_SIGNATURE
  -h, --help          this text

Reads with a consumer group of its own (dpi-tail-<random>) that commits no offset and is deleted on exit,
so tailing never moves a service's position. Ctrl-C stops.`;

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const BROKER = /^[^\s:,]+:\d{1,5}$/;

/** `host:port[,host:port]` as a list; undefined when malformed. */
function brokerList(text: string): string[] | undefined {
  const brokers = text
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  return brokers.length > 0 && brokers.every((b) => BROKER.test(b)) ? brokers : undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/**
 * Parses the tail command's arguments; `env` supplies the defaults and `cwd` the folder relative policy
 * paths are read from (npm runs scripts in the repository root, and passes the caller's folder as INIT_CWD).
 */
export function parseTailArgs(argv: string[], env: NodeJS.ProcessEnv, cwd: string): ParsedTailArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'from-beginning': { type: 'boolean' },
        follow: { type: 'boolean' },
        dlt: { type: 'boolean' },
        json: { type: 'boolean' },
        data: { type: 'boolean' },
        max: { type: 'string' },
        brokers: { type: 'string' },
        registry: { type: 'string' },
        policy: { type: 'string' },
        'replay-tampered': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // node:util's messages go on to explain `--` for positionals; the first sentence is what matters here.
    return { kind: 'invalid', message: (error as Error).message.split(/\.\s/)[0] as string };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (positionals.length !== 1)
    return {
      kind: 'invalid',
      message:
        positionals.length === 0 ? 'name the topic to tail' : `one topic only (got ${positionals.join(' ')})`,
    };
  const named = positionals[0] as string;
  if (!TOPIC_NAME.test(named))
    return { kind: 'invalid', message: `"${named}" is not a Kafka topic name (letters, digits, . _ -)` };

  const suffix = deadLetterTopic('');
  const deadLetters = Boolean(values.dlt) || named.endsWith(suffix);
  const topic = named.endsWith(suffix) ? named.slice(0, -suffix.length) : named;

  let max: number | undefined;
  if (values.max !== undefined) {
    max = /^\d+$/.test(values.max) ? Number(values.max) : NaN;
    if (!Number.isSafeInteger(max) || max < 1)
      return { kind: 'invalid', message: `--max expects a positive whole number, got "${values.max}"` };
  }

  const brokersText = values.brokers ?? env.KAFKA_BROKERS ?? `127.0.0.1:${env.SANDBOX_KAFKA_PORT || '9092'}`;
  const brokers = brokerList(brokersText);
  if (!brokers) {
    const from =
      values.brokers !== undefined ? '--brokers' : env.KAFKA_BROKERS ? 'KAFKA_BROKERS' : 'SANDBOX_KAFKA_PORT';
    return { kind: 'invalid', message: `${from} expects host:port[,host:port], got "${brokersText}"` };
  }

  const registryUrl =
    values.registry ??
    env.IDENTITY_REGISTRY_URL ??
    `http://127.0.0.1:${env.IDENTITY_REGISTRY_PORT || '3001'}`;
  if (!isHttpUrl(registryUrl)) {
    const from =
      values.registry !== undefined
        ? '--registry'
        : env.IDENTITY_REGISTRY_URL
          ? 'IDENTITY_REGISTRY_URL'
          : 'IDENTITY_REGISTRY_PORT';
    return { kind: 'invalid', message: `${from} expects an http(s) URL, got "${registryUrl}"` };
  }

  const policy = values.policy ?? (env.PUBLISH_POLICY_FILE || undefined);
  const options: TailOptions = {
    topic,
    readTopic: deadLetters ? deadLetterTopic(topic) : topic,
    deadLetters,
    fromBeginning: Boolean(values['from-beginning']),
    follow: Boolean(values.follow) || !values['from-beginning'],
    json: Boolean(values.json),
    data: Boolean(values.data),
    brokers,
    registryUrl: registryUrl.replace(/\/+$/, ''),
  };
  if (policy !== undefined) options.policyFile = isAbsolute(policy) ? policy : resolve(cwd, policy);
  if (max !== undefined) options.max = max;
  if (values['replay-tampered'] !== undefined) {
    const position = /^(\d+)\/(\d+)$/.exec(values['replay-tampered']);
    if (!position)
      return {
        kind: 'invalid',
        message: `--replay-tampered expects <partition>/<offset> as the tail prints it (e.g. 0/12), got "${values['replay-tampered']}"`,
      };
    if (deadLetters)
      return {
        kind: 'invalid',
        message: '--replay-tampered copies a record of the topic itself, not of its .dlt',
      };
    options.replayTampered = { partition: Number(position[1]), offset: position[2] as string };
  }
  return { kind: 'run', options };
}

/** Says which topics do exist, so a typo or a sandbox that is not started is obvious. */
export function unknownTopicMessage(topic: string, existing: string[], brokers: string[]): string {
  const at = brokers.join(',');
  if (existing.length === 0)
    return `Topic ${topic} does not exist: ${at} has no topics yet. Is the sandbox started (npm start)?`;
  const suffix = deadLetterTopic('');
  const topics = existing.filter((name) => !name.endsWith(suffix));
  const deadLetters = existing.filter((name) => name.endsWith(suffix));
  const lines = [`Topic ${topic} does not exist on ${at}. Topics there: ${topics.join(', ') || '(none)'}.`];
  if (deadLetters.length > 0)
    lines.push(`Dead-letter topics (or the topic with --dlt): ${deadLetters.join(', ')}.`);
  return lines.join('\n');
}
