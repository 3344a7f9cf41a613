// Test support for the identity-registry's integration specs: the real app on a fresh database of the
// run's PostgreSQL, and raw SQL on that database. Used by *.int-spec.ts only.
import { randomUUID, type KeyObject } from 'node:crypto';
import { join } from 'node:path';

import {
  DidResolutionService,
  didDpiFromPublicKey,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
} from '@dpi/did';
import { EnvelopeVerifier, loadAsyncApiDirectory, PublishPolicy } from '@dpi/messaging';
import type { RunningService } from '@dpi/service-kit';
import { OpenApiResponseValidator, startServiceUnderTest } from '@dpi/service-kit/testing';
import { createTestKafka, pollUntil } from '@dpi/testing';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { identityRegistryService } from '../service.definition';

/** A running registry for one spec file. */
export interface RegistryUnderTest {
  service: RunningService<IdentityRegistryConfig>;
  url: string;
  /** The repository's contracts/ folder, as the service resolved it. */
  contractsDir: string;
  contract: OpenApiResponseValidator;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Row counts of every registry table: equal before and after a refused request. */
  snapshot(): Promise<Record<string, number>>;
  /** GET /1.0/identifiers/{identifier}{query}, checked against the contract (except a 304). */
  resolve(
    identifier: string,
    accept?: string,
    query?: string,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** Starts the identity-registry against a new database (DATABASE_URL / KAFKA_BROKERS of the test run). */
export async function startRegistry(env: Record<string, string> = {}): Promise<RegistryUnderTest> {
  const base = await startServiceUnderTest(identityRegistryService, env);
  const { service, contract, sql } = base;
  return {
    ...base,
    snapshot: async () => {
      const [row] = await sql<Record<string, string>>(
        `SELECT (SELECT count(*) FROM did_version) AS versions, (SELECT count(*) FROM did_event) AS events,
                (SELECT count(*) FROM registrar_job) AS jobs, (SELECT count(*) FROM registrar_job WHERE state = 'finished') AS finished`,
      );
      return Object.fromEntries(Object.entries(row ?? {}).map(([key, value]) => [key, Number(value)]));
    },
    resolve: async (identifier, accept, query = '', headers = {}) => {
      const answer = await http(`${service.url}/1.0/identifiers/${identifier}${query}`, {
        headers: { ...(accept ? { accept } : {}), ...headers },
      });
      if (answer.status !== 304)
        contract.assertValid({
          path: '/1.0/identifiers/{did}',
          method: 'GET',
          status: answer.status,
          contentType: answer.contentType,
          body: answer.body,
        });
      return answer;
    },
  };
}

/** A fresh Ed25519 key and the minimal did:dpi document it incepts (one Multikey, all relationships). */
export function newIdentity(fragment = 'key-1'): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  did: string;
  kid: string;
  document: Record<string, unknown>;
} {
  const { privateKey, publicKey } = generateEd25519KeyPair();
  const did = didDpiFromPublicKey(publicKey);
  return {
    privateKey,
    publicKey,
    did,
    kid: `${did}#${fragment}`,
    document: keyDocument(publicKey, fragment),
  };
}

/** A document with one Multikey (relative id) listed under authentication, assertionMethod and capabilityInvocation. */
export function keyDocument(publicKey: KeyObject, fragment = 'key-1'): Record<string, unknown> {
  const id = `#${fragment}`;
  return {
    verificationMethod: [
      { id, type: 'Multikey', publicKeyMultibase: ed25519MultibaseFromPublicKey(publicKey) },
    ],
    authentication: [id],
    assertionMethod: [id],
    capabilityInvocation: [id],
  };
}

/** An HTTP answer with its body parsed when it is JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read into bodies freely
export type HttpAnswer = { status: number; headers: Headers; contentType: string; body: any; text: string };

/** GET or POST with fetch; the body parsed when it is JSON. */
export async function http(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  let body: unknown = text;
  if (/json|did/.test(contentType) && text) body = JSON.parse(text) as unknown;
  return { status: response.status, headers: response.headers, contentType, body, text };
}

/** An event the registry published, as the envelope verifier accepted it. */
export interface PublishedEvent {
  type: string;
  source: string;
  data: Record<string, unknown>;
}

/**
 * The events keyed `key` on `topic`, read from the beginning through the envelope verifier with a
 * publish policy that admits only the registry's own DID for `types`; waits until `count` of them pass
 * `filter` (or 30 s). A record that does not verify fails the read.
 */
export async function publishedEvents(
  registry: RegistryUnderTest,
  options: {
    topic: string;
    types: string;
    key: string;
    count: number;
    filter?: (event: PublishedEvent) => boolean;
  },
): Promise<PublishedEvent[]> {
  const { messaging } = (await (await fetch(`${registry.url}/health/ready`)).json()) as {
    messaging: { did: string };
  };
  const verifier = new EnvelopeVerifier({
    resolution: new DidResolutionService({ web: false }),
    policy: new PublishPolicy([{ source: messaging.did, topic: options.topic, types: [options.types] }]),
    schemas: await loadAsyncApiDirectory(join(registry.contractsDir, 'asyncapi')),
  });
  const consumer = createTestKafka('registry-events-test').consumer({
    groupId: `registry-events-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  const events: PublishedEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        if (message.key?.toString() !== options.key) return;
        const verdict = await verifier.verify({
          topic: options.topic,
          partition,
          offset: message.offset,
          key: message.key,
          value: message.value,
          headers: message.headers ?? {},
        });
        if (!verdict.ok)
          throw new Error(`registry event did not verify: ${verdict.reason} ${verdict.detail}`);
        const event = {
          type: verdict.event.type,
          source: verdict.event.source,
          data: verdict.event.data as Record<string, unknown>,
        };
        if (!options.filter || options.filter(event)) events.push(event);
      },
    });
    await pollUntil(() => (events.length >= options.count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return events;
}
