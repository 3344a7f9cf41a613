// Resolution throughput and latency of the identity-registry over HTTP, for a cached did:dpi DID and for
// one read from PostgreSQL with the cache off (RESOLUTION_CACHE_TTL_MS=0). Not part of `npm test`.
//
//   npm run bench:identity                      # builds, then 3 runs of 10 s per case
//   BENCH_RUNS=1 BENCH_SECONDS=5 npm run bench:identity
//
// Kafka and PostgreSQL come from KAFKA_BROKERS + DATABASE_URL (an admin URL) when both are set, else as
// for the tests (testcontainers or local processes). Each case starts the built service as its own
// process (as `npm start` does) on 127.0.0.1, seeds DIDs through the registrar API with client-side keys,
// warms up, then runs autocannon against it. Figures are printed, never asserted.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

import { DidDpiRegistrarClient, didDpiFromPublicKey, ed25519MultibaseFromPublicKey, generateEd25519KeyPair } from '@dpi/did';
import { createTopicsFromContracts, findFreePort, findRepoRoot } from '@dpi/local-infra';
import { createTestDatabase, startTestInfrastructure } from '@dpi/testing';

const repoRoot = findRepoRoot(__dirname);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SEEDED_DIDS = 50;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not become ready`);
}

async function startRegistry(adminUrl: string, brokers: string[], env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const database = await createTestDatabase('bench_identity', adminUrl);
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', join(repoRoot, 'dist/services/identity-registry/src/main.js')], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: database.url, KAFKA_BROKERS: brokers.join(','), LOG_LEVEL, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await database.drop();
    },
  };
}

async function seed(url: string): Promise<string[]> {
  const client = new DidDpiRegistrarClient(url);
  const dids: string[] = [];
  for (let i = 0; i < SEEDED_DIDS; i++) {
    const { privateKey, publicKey } = generateEd25519KeyPair();
    const document = {
      verificationMethod: [{ id: '#key-1', type: 'Multikey', publicKeyMultibase: ed25519MultibaseFromPublicKey(publicKey) }],
      authentication: ['#key-1'],
      assertionMethod: ['#key-1'],
      capabilityInvocation: ['#key-1'],
      service: [{ id: '#home', type: 'LinkedDomains', serviceEndpoint: `https://resident-${i}.example` }],
    };
    const created = await client.create(document, privateKey);
    if (created.status !== 201) throw new Error(`seeding failed: ${JSON.stringify(created.body)}`);
    dids.push(didDpiFromPublicKey(publicKey));
  }
  return dids;
}

async function load(url: string, dids: string[], seconds: number): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { accept: 'application/did-resolution' },
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/1.0/identifiers/${dids[next++ % dids.length]}` }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function benchCase(name: string, adminUrl: string, brokers: string[], env: Record<string, string>): Promise<Figures> {
  const registry = await startRegistry(adminUrl, brokers, env);
  try {
    const dids = await seed(registry.url);
    await load(registry.url, dids, 2); // warm-up: JIT, pg pool, cache
    const runs: Figures[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const figures = await load(registry.url, dids, SECONDS);
      runs.push(figures);
      console.log(
        `  ${name} run ${run}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms` +
          (figures.non2xx || figures.errors ? ` (non-2xx ${figures.non2xx}, errors ${figures.errors})` : ''),
      );
    }
    return { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), non2xx: 0, errors: 0 };
  } finally {
    await registry.stop();
  }
}

async function main(): Promise<void> {
  const infrastructure = await startTestInfrastructure();
  try {
    await createTopicsFromContracts(infrastructure.kafkaBrokers, join(repoRoot, 'contracts', 'asyncapi'));
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Machine: ${availableParallelism()} cores (${cpu}), Node ${process.version}; PostgreSQL and Kafka: ${infrastructure.source}`);
    console.log(`Load: autocannon, ${CONNECTIONS} connections, ${SECONDS} s x ${RUNS} runs per case, ${SEEDED_DIDS} DIDs round-robin, Accept application/did-resolution, service LOG_LEVEL=${LOG_LEVEL}`);
    const cached = await benchCase('(a) cached did:dpi', infrastructure.databaseUrl, infrastructure.kafkaBrokers, {});
    const uncached = await benchCase('(b) did:dpi from PostgreSQL, cache off', infrastructure.databaseUrl, infrastructure.kafkaBrokers, { RESOLUTION_CACHE_TTL_MS: '0' });
    console.log('\nMedians:');
    console.log(`  (a) cached did:dpi:           ${cached.rps.toFixed(0)} req/s, p50 ${cached.p50} ms, p99 ${cached.p99} ms  (target >= 5000 req/s, p99 < 10 ms)`);
    console.log(`  (b) did:dpi, cache off (DB):  ${uncached.rps.toFixed(0)} req/s, p50 ${uncached.p50} ms, p99 ${uncached.p99} ms  (target >= 2000 req/s, p99 < 25 ms)`);
  } finally {
    await infrastructure.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
