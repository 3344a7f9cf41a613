import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { findRepoRoot } from '../config/repo-root.util';
import { testKafkaBrokers } from '../testing/test-env.util';
import { readContractTopics } from './contract-topics';
import { createQuietKafka } from './kafka-client.util';

const repoRoot = findRepoRoot(__dirname);
const cli = join(repoRoot, 'dist', 'deploy', 'local', 'src', 'kafka', 'create-topics.cli.js');
const run = (args: string[], env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

// The kafka-init job of docker-compose.yml, against the test run's real broker.
describe('create-topics CLI (kafka-init)', () => {
  it('lists the contract topics without connecting to anything', () => {
    const listed = run(['--list'], { KAFKA_BROKERS: '' });
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual(readContractTopics(join(repoRoot, 'contracts', 'asyncapi')));
  });

  it('creates (or finds) every contract topic and its .dlt on KAFKA_BROKERS', async () => {
    const brokers = testKafkaBrokers();
    const result = run([], { KAFKA_BROKERS: brokers.join(',') });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^kafka-init: created \d+ topic\(s\) on /);
    const admin = createQuietKafka(brokers, 'create-topics-test').admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      for (const topic of readContractTopics(join(repoRoot, 'contracts', 'asyncapi')))
        expect(existing).toContain(topic.name);
    } finally {
      await admin.disconnect();
    }
  });

  it('fails with the variable named when KAFKA_BROKERS is missing', () => {
    const result = run([], { KAFKA_BROKERS: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^kafka-init: KAFKA_BROKERS/);
  });
});
