import { loggedCalls, readmeShellBlocks, unannouncedFailures } from './readme-blocks.util';

const README = [
  '# Title',
  '```sh',
  'curl -s http://127.0.0.1:3001/health/live',
  '```',
  '',
  '<!-- readme-check: skip: runs in the foreground until Ctrl-C -->',
  '',
  '```sh',
  'npm start',
  '```',
  '```',
  'output, not a shell block',
  '```',
  '```sh',
  'curl -s -X POST http://127.0.0.1:3001/x     # 409 CONFLICT, or 501',
  '```',
].join('\n');

describe('the README checker', () => {
  const blocks = readmeShellBlocks(README);

  it('finds each sh block with its line, and the reason of a skipped one', () => {
    expect(blocks).toEqual([
      { line: 2, text: 'curl -s http://127.0.0.1:3001/health/live' },
      { line: 8, text: 'npm start', skip: 'runs in the foreground until Ctrl-C' },
      { line: 14, text: 'curl -s -X POST http://127.0.0.1:3001/x     # 409 CONFLICT, or 501' },
    ]);
  });

  it('refuses a block that is never closed', () => {
    expect(() => readmeShellBlocks('```sh\nls\n')).toThrow('never closed');
  });

  it('reads the calls the curl wrapper logged, ignoring other output', () => {
    const stderr = [
      'npm warn something',
      'readme-check-call 0 200 GET http://127.0.0.1:3001/health/live /tmp/x/call-a',
      'readme-check-call 2 409 POST http://127.0.0.1:3001/x /tmp/x/call-b',
    ].join('\n');
    expect(loggedCalls(stderr)).toEqual([
      {
        block: 0,
        status: 200,
        method: 'GET',
        url: 'http://127.0.0.1:3001/health/live',
        bodyFile: '/tmp/x/call-a',
      },
      { block: 2, status: 409, method: 'POST', url: 'http://127.0.0.1:3001/x', bodyFile: '/tmp/x/call-b' },
    ]);
  });

  it('accepts a client error the block announces, and flags server errors, refused connections and unannounced ones', () => {
    const call = (block: number, status: number) => ({
      block,
      status,
      method: 'POST',
      url: 'u',
      bodyFile: 'f',
    });
    expect(unannouncedFailures([call(2, 409), call(2, 501), call(0, 200)], blocks)).toEqual([]);
    expect(unannouncedFailures([call(0, 401), call(0, 503), call(2, 500), call(0, 0)], blocks)).toEqual([
      'README line 2: POST u answered 401',
      'README line 2: POST u answered 503',
      'README line 14: POST u answered 500',
      'README line 2: POST u answered 0',
    ]);
  });
});
