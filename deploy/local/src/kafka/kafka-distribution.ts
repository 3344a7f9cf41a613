import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KAFKA_VERSION = '4.4.0';

export interface KafkaDistributionOptions {
  cacheDir: string;
  repoRoot: string;
  log?: (line: string) => void;
}

const MARKER = '.complete';

/** The folder that holds the broker's jars (`<cacheDir>/kafka-<version>/libs`). */
export function kafkaLibsDir(cacheDir: string): string {
  return join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');
}

/**
 * Makes sure the Apache Kafka broker jars are in the cache, fetching them from Maven Central with
 * Maven once (deploy/local/kafka/pom.xml); a marker file written after success skips later fetches.
 */
export async function ensureKafkaDistribution(options: KafkaDistributionOptions): Promise<string> {
  const libs = kafkaLibsDir(options.cacheDir);
  if (existsSync(join(libs, MARKER))) return libs;
  const pom = join(options.repoRoot, 'deploy', 'local', 'kafka', 'pom.xml');
  options.log?.(
    `Fetching Apache Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs} (once, ~20 s)...`,
  );
  // A half-finished earlier fetch may have left jars of other versions; start clean.
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  const args = [
    '-q',
    '-B',
    '-f',
    pom,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${libs}`,
  ];
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('mvn', args, { cwd: options.repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', (error) =>
      reject(
        new Error(`Fetching Kafka needs Maven ("mvn" on PATH, e.g. apt-get install maven): ${error.message}`),
      ),
    );
    child.on('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  const jars = readdirSync(libs).filter((file) => file.endsWith('.jar'));
  if (code !== 0 || !jars.some((jar) => jar.startsWith(`kafka_2.13-${KAFKA_VERSION}`))) {
    throw new Error(
      `Fetching Kafka with Maven failed (exit ${code}): mvn ${args.join(' ')}\n${output.join('').slice(-4_000)}`,
    );
  }
  writeFileSync(join(libs, MARKER), `${new Date().toISOString()}\n${jars.length} jars\n`);
  return libs;
}
