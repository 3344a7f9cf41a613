import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

import { didDpiFromPublicKey, loadPrivateKeyFile } from '@dpi/did';
import { createServiceApp, StartupError } from '@dpi/service-kit';
import { createTestDatabase, createTopic, uniqueTopic } from '@dpi/testing';

import {
  announced,
  payloadOf,
  startCredentialRegistry,
  type CredentialRegistry,
} from '../credentials/credentials.test-harness';
import { deriveSeedKey } from '../credentials/seed-key.util';
import { identityRegistryService } from '../service.definition';
import { actorKeyLabel, DEMO_CITY } from './demo-city.plan';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEED = 'int-test demo city seed, not a secret';
const OTHER_SEED = 'another int-test demo city seed';
const PRIVATE_KEY = /PRIVATE KEY|"d"\s*:/;

describe('identity-registry demo city (real PostgreSQL)', () => {
  let registry: CredentialRegistry;
  let city: Json;

  const getCity = async (target: CredentialRegistry) => {
    const answer = await target.call('GET', '/1.0/demo-city', '/1.0/demo-city');
    expect(answer.status).toBe(200);
    return answer.body as Json;
  };
  const counts = async () =>
    (
      await registry.sql<Record<string, string>>(
        `SELECT (SELECT count(*) FROM did_version) AS versions, (SELECT count(*) FROM credential) AS credentials,
                (SELECT count(*) FROM demo_city_actor) AS actors`,
      )
    )[0];

  beforeAll(async () => {
    registry = await startCredentialRegistry({ DEMO_CITY_SEED: SEED });
    city = await getCity(registry);
  });
  afterAll(async () => {
    await registry?.close();
  });

  it('seeds a city, a central bank, two PSPs, two agencies and four residents, each with its credential', () => {
    expect(city.actors.map((actor: Json) => actor.role)).toEqual([
      'city',
      'central-bank',
      'psp',
      'psp',
      'agency',
      'agency',
      'resident',
      'resident',
      'resident',
      'resident',
    ]);
    expect(city.actors.every((actor: Json) => actor.credential?.status === 'active')).toBe(true);
    const byName = Object.fromEntries(city.actors.map((actor: Json) => [actor.name, actor]));
    // The city's role credential comes from the registry issuer; PSPs' from the central bank; the rest from the city.
    expect(byName.city.credential.issuer).toBe(city.registryIssuer.did);
    expect(byName['psp-harbour-bank'].credential.issuer).toBe(byName['central-bank'].did);
    expect(byName['agency-tax-office'].credential.issuer).toBe(byName.city.did);
    expect(byName['central-bank'].credential.issuer).toBe(byName.city.did);
    expect(byName['resident-1'].credential).toMatchObject({
      type: 'ResidentCredential',
      issuer: byName.city.did,
    });
    expect(byName['resident-1']).not.toHaveProperty('organisationName');
  });

  it('derives every DID from the seed (HKDF-SHA256 per actor), created through the registry with history', async () => {
    for (const actor of DEMO_CITY) {
      const listed = city.actors.find((entry: Json) => entry.name === actor.name);
      expect(listed.did).toBe(didDpiFromPublicKey(deriveSeedKey(SEED, actorKeyLabel(actor))));
      expect((await registry.resolve(listed.did)).status).toBe(200);
    }
  });

  it('gives each actor a credential that verifies, residents with a district code only', async () => {
    for (const actor of city.actors as Json[]) {
      const verdict = await registry.verify(actor.credential.verifiableCredential);
      expect({ name: actor.name, verified: verdict.body.verified }).toEqual({
        name: actor.name,
        verified: true,
      });
      if (actor.role === 'resident')
        expect(Object.keys(verdict.body.credential.credentialSubject).sort()).toEqual(['districtCode', 'id']);
    }
  });

  it("names the keystore folder and key files only, never the server's path", () => {
    expect(city.keystore).toBe(basename(registry.keystore));
    expect(JSON.stringify(city)).not.toContain(registry.keystore);
    expect(city.registryIssuer.keyFile).toBe('registry-issuer.pem');
  });

  it('writes one 0600 key file per actor and a public demo-city.json without private material', () => {
    const files = readdirSync(registry.keystore).sort();
    expect(files).toEqual(
      [...DEMO_CITY.map((actor) => `${actor.name}.pem`), 'demo-city.json', 'registry-issuer.pem'].sort(),
    );
    for (const file of files.filter((name) => name.endsWith('.pem')))
      expect(statSync(join(registry.keystore, file)).mode & 0o777).toBe(0o600);
    const index = readFileSync(join(registry.keystore, 'demo-city.json'), 'utf8');
    expect(index).not.toMatch(PRIVATE_KEY);
    const parsed = JSON.parse(index) as Json;
    expect(parsed.actors.map((actor: Json) => [actor.name, actor.did, actor.credentialId])).toEqual(
      city.actors.map((actor: Json) => [actor.name, actor.did, actor.credential.id]),
    );
    expect(JSON.stringify(city)).not.toMatch(PRIVATE_KEY);
  });

  it('shows status changes: a revoked resident credential is listed as revoked', async () => {
    const resident = city.actors.find((actor: Json) => actor.name === 'resident-4');
    expect((await registry.change(resident.credential.id, 'revoke')).status).toBe(200);
    const after = await getCity(registry);
    expect(after.actors.find((actor: Json) => actor.name === 'resident-4').credential.status).toBe('revoked');
  });

  it('is idempotent: a second start with the same seed creates and issues nothing and lists the same city', async () => {
    const before = await counts();
    // Its own lifecycle topic, so the wait for its announcement before closing sees its own message.
    const lifecycleTopic = uniqueTopic('test.lifecycle.identity-registry');
    await createTopic(lifecycleTopic);
    const restarted = await createServiceApp(identityRegistryService, {
      ...registryEnv(registry),
      LIFECYCLE_TOPIC: lifecycleTopic,
      DEMO_CITY_SEED: SEED,
    });
    try {
      expect(await counts()).toEqual(before);
      const response = await fetch(`${restarted.url}/1.0/demo-city`);
      const again = (await response.json()) as Json;
      expect(again.actors.map((actor: Json) => [actor.did, actor.credential.id])).toEqual(
        city.actors.map((actor: Json) => [actor.did, actor.credential.id]),
      );
      expect(again.registryIssuer).toEqual(city.registryIssuer);
    } finally {
      await announced(lifecycleTopic);
      await restarted.close();
    }
  });

  it('gives the same DIDs after a reset (new database, new keystore) with the same seed, others with another seed', async () => {
    const reset = await startCredentialRegistry({ DEMO_CITY_SEED: SEED });
    const other = await startCredentialRegistry({ DEMO_CITY_SEED: OTHER_SEED });
    try {
      const resetCity = await getCity(reset);
      expect(resetCity.actors.map((actor: Json) => actor.did)).toEqual(
        city.actors.map((actor: Json) => actor.did),
      );
      expect(resetCity.registryIssuer.did).toBe(city.registryIssuer.did);
      expect(readFileSync(join(reset.keystore, 'city.pem'), 'utf8')).toBe(
        readFileSync(join(registry.keystore, 'city.pem'), 'utf8'),
      );
      const otherCity = await getCity(other);
      const otherDids = new Set(otherCity.actors.map((actor: Json) => actor.did));
      expect(city.actors.some((actor: Json) => otherDids.has(actor.did))).toBe(false);
      expect(otherCity.seedFingerprint).not.toBe(city.seedFingerprint);
    } finally {
      await reset.close();
      await other.close();
    }
  });

  it("answers 503 ISSUER_KEY_UNAVAILABLE for the city's status lists once restarted without the seed", async () => {
    const lifecycleTopic = uniqueTopic('test.lifecycle.identity-registry');
    await createTopic(lifecycleTopic);
    const unseeded = await createServiceApp(identityRegistryService, {
      ...registryEnv(registry),
      LIFECYCLE_TOPIC: lifecycleTopic,
    });
    try {
      const resident = city.actors.find((actor: Json) => actor.name === 'resident-1');
      const listUrl = new URL(
        payloadOf(resident.credential.verifiableCredential).credentialStatus[0].statusListCredential,
      );
      const response = await fetch(`${unseeded.url}${listUrl.pathname}`);
      const body = (await response.json()) as Json;
      registry.contract.assertValid({
        path: '/1.0/credentials/status/{listId}',
        method: 'GET',
        status: response.status,
        contentType: 'application/problem+json',
        body,
      });
      expect({ status: response.status, code: body.code }).toEqual({
        status: 503,
        code: 'ISSUER_KEY_UNAVAILABLE',
      });
      expect(body.detail).toContain('DEMO_CITY_SEED');
      expect((await fetch(`${unseeded.url}/1.0/demo-city`)).status).toBe(404);
    } finally {
      await announced(lifecycleTopic);
      await unseeded.close();
    }
  });

  it('stops issuing as a deactivated issuer (409 ISSUER_DEACTIVATED), and its credentials stop verifying', async () => {
    const bank = city.actors.find((actor: Json) => actor.name === 'central-bank');
    const psp = city.actors.find((actor: Json) => actor.name === 'psp-harbour-bank');
    const privateKey = await loadPrivateKeyFile(join(registry.keystore, bank.keyFile as string));
    await registry.deactivateDid({ did: bank.did, privateKey } as Parameters<
      CredentialRegistry['deactivateDid']
    >[0]);
    const refused = await registry.issue({
      type: 'OrganisationCredential',
      issuer: bank.did,
      credentialSubject: { id: psp.did, role: 'psp' },
    });
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 409,
      code: 'ISSUER_DEACTIVATED',
    });
    const verdict = await registry.verify(psp.credential.verifiableCredential);
    expect(verdict.body.problems.map((problem: Json) => problem.code)).toEqual(['ISSUER_DEACTIVATED']);
  });

  it('refuses to start with DEMO_CITY_SEED but no KEYSTORE_DIR, naming both', async () => {
    const database = await createTestDatabase('ir_test');
    try {
      const starting = createServiceApp(identityRegistryService, {
        ...registryEnv(registry),
        DATABASE_URL: database.url,
        KEYSTORE_DIR: undefined,
        DEMO_CITY_SEED: SEED,
      });
      await expect(starting).rejects.toThrow(StartupError);
      await expect(starting).rejects.toThrow(/DEMO_CITY_SEED.*KEYSTORE_DIR/);
    } finally {
      await database.drop();
    }
  });
});

/** The environment `registry` runs with, on its database and keystore (a fresh port). */
function registryEnv(registry: CredentialRegistry): Record<string, string | undefined> {
  const { config } = registry.service;
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: config.DATABASE_URL,
    KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
    LOG_LEVEL: 'silent',
    LIFECYCLE_TOPIC: config.LIFECYCLE_TOPIC,
    KEYSTORE_DIR: registry.keystore,
    ADMIN_TOKEN: config.ADMIN_TOKEN,
    PUBLIC_URL: config.PUBLIC_URL,
  };
}
