// The supervisor's watchdog: `node watchdog.cli.js <supervisor pid> <data dir>`, started by `sandbox
// start` with a pipe from the supervisor as its stdin, in a process group of its own.
//
// Why one watchdog process: when the supervisor dies without stopping what it started (SIGKILL, OOM
// killer), the kernel closes its end of the pipe, and only that is certain. The Kafka JVM and postgres
// cannot watch a pipe or a parent pid themselves, a process group cannot be signalled by a dead process,
// and one wrapper per child would double the processes. This watchdog reads the end of the pipe as
// "the supervisor is gone" and stops what state.json records, in the usual order (services, then
// Kafka and PostgreSQL), as `sandbox stop` would. It stops nothing when the supervisor ended normally:
// the supervisor then stopped its children and removed its record itself.
import { loadSandboxConfig } from '../config/sandbox-config';
import { findRepoRoot } from '../config/repo-root.util';
import { stopRecordedInfra } from './infra-manager';
import { stopRecordedServices } from './sandbox';
import { readState } from './sandbox-state';
import { forgetSupervisor } from './supervisor-record';

const say = (line: string) => process.stdout.write(`${new Date().toISOString()} watchdog: ${line}\n`);

async function cleanUp(supervisorPid: number, dataDir: string): Promise<void> {
  const config = { ...loadSandboxConfig(process.env, findRepoRoot(__dirname)), dataDir };
  if (readState(dataDir).supervisor?.pid !== supervisorPid) return;
  say(`the supervisor (pid ${supervisorPid}) ended without stopping its processes; stopping them`);
  await stopRecordedServices(config, say);
  // A new start may have taken the data dir over meanwhile; what it reuses is then its own.
  if (readState(dataDir).supervisor?.pid !== supervisorPid) return;
  await stopRecordedInfra(config, say, 'sandbox');
  forgetSupervisor(config, supervisorPid);
  say('stopped');
}

function main(): void {
  const supervisorPid = Number(process.argv[2]);
  const dataDir = process.argv[3];
  if (!Number.isInteger(supervisorPid) || !dataDir) {
    process.stderr.write('usage: watchdog.cli.js <supervisor pid> <data dir>\n');
    process.exit(2);
  }
  // Only the pipe's end stops the watchdog: a terminal's signals are the supervisor's to handle.
  for (const signal of ['SIGINT', 'SIGHUP', 'SIGTERM'] as const) process.on(signal, () => undefined);
  let done = false;
  const onEnd = () => {
    if (done) return;
    done = true;
    cleanUp(supervisorPid, dataDir).then(
      () => process.exit(0),
      (error: unknown) => {
        say(`failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.stdin.on('data', () => undefined);
  process.stdin.on('end', onEnd);
  process.stdin.on('close', onEnd);
  process.stdin.on('error', onEnd);
}

main();
