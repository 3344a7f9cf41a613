import { keepAlive, KeptProcess } from './keep-alive';

/** A stand-in process that "exits" when told to. */
function fakeProcess(pid: number): KeptProcess & { exit(description: string): void } {
  let exit: string | undefined;
  return { pid, exitDescription: () => exit, exit: (description) => (exit = description) };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe('keepAlive', () => {
  // The fake pids are not our children: nothing may be signalled for them.
  const fast = { checkIntervalMs: 1, initialDelayMs: 1, maxDelayMs: 4, cleanUp: () => undefined };

  it('restarts an exited process, records the exit, and watches the new one', async () => {
    const first = fakeProcess(1);
    const second = fakeProcess(2);
    const third = fakeProcess(3);
    const replacements = [second, third];
    const exits: string[] = [];
    const lines: string[] = [];
    const watcher = keepAlive(
      [{ name: 'svc', current: first, restart: async () => replacements.shift() as KeptProcess }],
      { ...fast, log: (line) => lines.push(line), onExit: (name, exit) => exits.push(`${name}: ${exit}`) },
    );
    first.exit('exited on signal SIGKILL');
    await until(() => replacements.length === 1);
    second.exit('exited with code 1');
    await until(() => replacements.length === 0 && lines.some((line) => line.includes('pid 3')));
    watcher.cancel();
    await watcher.settled();
    expect(exits).toEqual(['svc: exited on signal SIGKILL', 'svc: exited with code 1']);
    expect(lines).toContain('svc restarted (pid 2)');
    expect(lines).toContain('svc restarted (pid 3)');
  });

  it('keeps trying with a growing delay while the restart fails', async () => {
    const first = fakeProcess(1);
    let attempts = 0;
    const lines: string[] = [];
    const watcher = keepAlive(
      [
        {
          name: 'kafka',
          current: first,
          restart: async () => {
            attempts += 1;
            if (attempts < 4) throw new Error(`port busy\nlog lines`);
            return fakeProcess(9);
          },
        },
      ],
      {
        ...fast,
        initialDelayMs: 1_000,
        maxDelayMs: 4_000,
        checkIntervalMs: 1,
        log: (line) => lines.push(line),
      },
    );
    // The delays themselves are not waited for here: cancel as soon as the schedule is visible.
    first.exit('exited with code 137');
    await until(() => lines.length >= 1);
    watcher.cancel();
    await watcher.settled();
    expect(lines[0]).toBe('kafka exited with code 137; restarting it in 1 s');
  });

  it('does not retry a restart that fails after cancel', async () => {
    const first = fakeProcess(1);
    let attempts = 0;
    let cancel: () => void = () => undefined;
    const watcher = keepAlive(
      [
        {
          name: 'svc',
          current: first,
          restart: async () => {
            attempts += 1;
            cancel();
            throw new Error('stopped under it');
          },
        },
      ],
      { ...fast, log: () => undefined },
    );
    cancel = watcher.cancel;
    first.exit('exited with code 1');
    await watcher.settled();
    expect(attempts).toBe(1);
  });
});
