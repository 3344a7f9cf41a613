import { newClusterId, renderLog4j2Properties, renderServerProperties } from './kafka-properties';

function parse(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

describe('renderServerProperties', () => {
  const props = parse(renderServerProperties({ port: 19092, controllerPort: 19093, logDir: '/data/kafka' }));

  it('configures a single KRaft node that is broker and controller', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('controller.listener.names')).toBe('CONTROLLER');
  });

  it('listens on 127.0.0.1 only, on the given client and controller ports', () => {
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
  });

  it('never auto-creates topics and uses 3 partitions by default', () => {
    expect(props.get('auto.create.topics.enable')).toBe('false');
    expect(props.get('num.partitions')).toBe('3');
  });

  it('gives every internal topic one replica and min.isr 1', () => {
    for (const key of [
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
    ]) {
      expect([key, props.get(key)]).toEqual([key, '1']);
    }
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('keeps data in the given folder', () => {
    expect(props.get('log.dirs')).toBe('/data/kafka');
  });

  it('has no duplicated keys', () => {
    const keys = renderServerProperties({ port: 1, controllerPort: 2, logDir: '/x' })
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split('=')[0]);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('renderLog4j2Properties', () => {
  it('writes the root logger to the given file', () => {
    const text = renderLog4j2Properties('/var/log/kafka.log');
    expect(text).toContain('appender.file.fileName = /var/log/kafka.log');
    expect(text).toContain('rootLogger.appenderRef.file.ref = FILE');
  });
});

describe('newClusterId', () => {
  it('is 22 base64url characters', () => {
    expect(newClusterId((n) => Buffer.alloc(n, 7))).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('draws again when the id would start with a dash', () => {
    const draws = [Buffer.alloc(16, 0xfb), Buffer.alloc(16, 1)];
    const id = newClusterId(() => draws.shift() as Buffer);
    expect(id.startsWith('-')).toBe(false);
    expect(draws).toHaveLength(0);
  });
});
