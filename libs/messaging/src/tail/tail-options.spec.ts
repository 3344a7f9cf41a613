import { parseTailArgs, unknownTopicMessage, type ParsedTailArgs, type TailOptions } from './tail-options';

const CWD = '/home/trainer/lab';

function options(argv: string[], env: NodeJS.ProcessEnv = {}): TailOptions {
  const parsed = parseTailArgs(argv, env, CWD);
  if (parsed.kind !== 'run') throw new Error(`expected options, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function invalid(argv: string[], env: NodeJS.ProcessEnv = {}): string {
  const parsed: ParsedTailArgs = parseTailArgs(argv, env, CWD);
  if (parsed.kind !== 'invalid') throw new Error(`expected a usage error, got ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseTailArgs', () => {
  it('follows new records on the local sandbox by default', () => {
    expect(options(['sandbox.lifecycle'])).toEqual({
      topic: 'sandbox.lifecycle',
      readTopic: 'sandbox.lifecycle',
      deadLetters: false,
      fromBeginning: false,
      follow: true,
      json: false,
      data: false,
      brokers: ['127.0.0.1:9092'],
      registryUrl: 'http://127.0.0.1:3001',
    });
  });

  it('prints the history and exits with --from-beginning, and keeps going with --follow as well', () => {
    expect(options(['t', '--from-beginning'])).toMatchObject({ fromBeginning: true, follow: false });
    expect(options(['t', '--from-beginning', '--follow'])).toMatchObject({
      fromBeginning: true,
      follow: true,
    });
    expect(options(['--follow', 't'])).toMatchObject({ fromBeginning: false, follow: true });
  });

  it('reads <topic>.dlt with --dlt, or when given the dead-letter topic itself, and re-verifies against <topic>', () => {
    const expected = { topic: 'identity.dids', readTopic: 'identity.dids.dlt', deadLetters: true };
    expect(options(['identity.dids', '--dlt'])).toMatchObject(expected);
    expect(options(['identity.dids.dlt'])).toMatchObject(expected);
    expect(options(['identity.dids.dlt', '--dlt'])).toMatchObject(expected);
  });

  it('takes --json, --data and --max', () => {
    expect(options(['t', '--json', '--data', '--max', '5'])).toMatchObject({
      json: true,
      data: true,
      max: 5,
    });
  });

  it('takes brokers and the registry from flags, else from the environment the sandbox uses', () => {
    expect(options(['t', '--brokers', 'a:1, b:2', '--registry', 'https://reg.example/'])).toMatchObject({
      brokers: ['a:1', 'b:2'],
      registryUrl: 'https://reg.example',
    });
    expect(
      options(['t'], {
        KAFKA_BROKERS: 'k:9',
        IDENTITY_REGISTRY_URL: 'http://r:1',
        SANDBOX_KAFKA_PORT: '39092',
      }),
    ).toMatchObject({ brokers: ['k:9'], registryUrl: 'http://r:1' });
    expect(options(['t'], { SANDBOX_KAFKA_PORT: '39092', IDENTITY_REGISTRY_PORT: '33001' })).toMatchObject({
      brokers: ['127.0.0.1:39092'],
      registryUrl: 'http://127.0.0.1:33001',
    });
  });

  it('reads a relative policy path from the caller’s folder; the flag wins over PUBLISH_POLICY_FILE', () => {
    expect(options(['t', '--policy', 'policy.json']).policyFile).toBe('/home/trainer/lab/policy.json');
    expect(options(['t'], { PUBLISH_POLICY_FILE: '/etc/dpi/policy.json' }).policyFile).toBe(
      '/etc/dpi/policy.json',
    );
    expect(
      options(['t', '--policy', '/p.json'], { PUBLISH_POLICY_FILE: '/etc/dpi/policy.json' }).policyFile,
    ).toBe('/p.json');
    expect(options(['t']).policyFile).toBeUndefined();
  });

  it('takes the position to copy for --replay-tampered', () => {
    expect(options(['t', '--replay-tampered', '2/17']).replayTampered).toEqual({
      partition: 2,
      offset: '17',
    });
    expect(invalid(['t', '--replay-tampered', '17'])).toContain('<partition>/<offset>');
    expect(invalid(['t', '--dlt', '--replay-tampered', '0/1'])).toContain('not of its .dlt');
  });

  it('answers --help and -h', () => {
    expect(parseTailArgs(['--help'], {}, CWD)).toEqual({ kind: 'help' });
    expect(parseTailArgs(['t', '-h'], {}, CWD)).toEqual({ kind: 'help' });
  });

  it('refuses what it does not understand, saying what is wrong', () => {
    expect(invalid(['t', '--bogus'])).toBe("Unknown option '--bogus'");
    expect(invalid([])).toBe('name the topic to tail');
    expect(invalid(['a', 'b'])).toBe('one topic only (got a b)');
    expect(invalid(['no/such'])).toContain('is not a Kafka topic name');
    expect(invalid(['t', '--max'])).toContain("'--max <value>' argument missing");
    expect(invalid(['t', '--max', '0'])).toBe('--max expects a positive whole number, got "0"');
    expect(invalid(['t', '--max', '2.5'])).toBe('--max expects a positive whole number, got "2.5"');
    expect(invalid(['t', '--brokers', 'localhost'])).toBe(
      '--brokers expects host:port[,host:port], got "localhost"',
    );
    expect(invalid(['t'], { KAFKA_BROKERS: 'x' })).toContain('KAFKA_BROKERS expects host:port');
    expect(invalid(['t', '--registry', 'ftp://r'])).toBe('--registry expects an http(s) URL, got "ftp://r"');
  });
});

describe('unknownTopicMessage', () => {
  it('lists the topics that exist, dead-letter topics apart', () => {
    expect(
      unknownTopicMessage(
        'sandbox.lifecycel',
        ['identity.dids', 'identity.dids.dlt', 'sandbox.lifecycle', 'sandbox.lifecycle.dlt'],
        ['127.0.0.1:9092'],
      ),
    ).toBe(
      'Topic sandbox.lifecycel does not exist on 127.0.0.1:9092. Topics there: identity.dids, sandbox.lifecycle.\n' +
        'Dead-letter topics (or the topic with --dlt): identity.dids.dlt, sandbox.lifecycle.dlt.',
    );
  });

  it('suggests starting the sandbox when the broker has no topics', () => {
    expect(unknownTopicMessage('sandbox.lifecycle', [], ['127.0.0.1:9092'])).toContain(
      'has no topics yet. Is the sandbox started (npm start)?',
    );
  });
});
