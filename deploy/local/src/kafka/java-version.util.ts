import { spawnSync } from 'node:child_process';

/** The major version in `java -version` output ("1.8.0_392" -> 8, "17.0.15" -> 17), or undefined. */
export function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Throws a message saying what to install when `java` is missing or older than `minimum`. */
export function assertJava(minimum = 17, java = 'java'): number {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error) {
    throw new Error(
      `Kafka needs Java ${minimum} or newer, but "${java}" could not be run (${result.error.message}). ` +
        `Install a JDK or JRE ${minimum}+ (e.g. apt-get install openjdk-${minimum}-jre-headless) and put java on PATH.`,
    );
  }
  const version = parseJavaMajorVersion(`${result.stderr}${result.stdout}`);
  if (version === undefined || version < minimum) {
    throw new Error(
      `Kafka needs Java ${minimum} or newer; "${java} -version" says ${version ?? 'something unreadable'}. Install Java ${minimum}+.`,
    );
  }
  return version;
}
