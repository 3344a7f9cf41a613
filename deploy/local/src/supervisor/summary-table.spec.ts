import { formatTable, renderStatus, withoutPassword } from './summary-table';

describe('formatTable', () => {
  it('pads every column but the last to the widest cell', () => {
    expect(
      formatTable([
        ['a', 'bb', 'c'],
        ['ccc', 'd', 'eeee'],
      ]),
    ).toBe('a    bb  c\nccc  d   eeee');
  });
});

describe('withoutPassword', () => {
  it('drops the password but keeps the user', () => {
    expect(withoutPassword('postgres://postgres:sandbox@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });
});

describe('renderStatus', () => {
  it('shows a dash for a component without a pid', () => {
    const text = renderStatus([
      { name: 'kafka', state: 'running', pid: 42, address: '127.0.0.1:9092' },
      { name: 'postgres', state: 'stopped', address: '127.0.0.1:5432' },
    ]);
    expect(text.split('\n')).toEqual([
      'COMPONENT  STATE    PID  ADDRESS',
      'kafka      running  42   127.0.0.1:9092',
      'postgres   stopped  -    127.0.0.1:5432',
    ]);
  });
});

describe('renderStatus after restarts', () => {
  it('adds a RESTARTS column with the count and the last exit', () => {
    const text = renderStatus([
      {
        name: 'kafka',
        state: 'running',
        pid: 43,
        address: '127.0.0.1:9092',
        restarts: { count: 2, lastExit: 'exited on signal SIGKILL' },
      },
      { name: 'postgres', state: 'restarting', address: '127.0.0.1:5432' },
    ]);
    expect(text.split('\n')).toEqual([
      'COMPONENT  STATE       PID  ADDRESS         RESTARTS',
      'kafka      running     43   127.0.0.1:9092  2 (last: exited on signal SIGKILL)',
      'postgres   restarting  -    127.0.0.1:5432  -',
    ]);
  });
});
