import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { findRepoRoot } from '@dpi/local-infra';
import { loadOpenApiDocument } from '@dpi/service-kit';
import { OpenApiResponseValidator } from '@dpi/service-kit/testing';

import { startRegistrySandbox, type RegistrySandbox } from './e2e-sandbox.util';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const repoRoot = findRepoRoot(__dirname);
const ADMIN_TOKEN = 'e2e-admin-token-for-credentials';
// The lab's seed: the same seed gives the same city on every reset.
const SEED = 'e2e demo city seed for the credentials journey';

const payloadOf = (jws: string): Json =>
  JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString('utf8')) as Json;

/** The status bit of a credentialStatus entry, read from the served list the way any verifier would. */
function bitOf(list: string, entry: Json): boolean {
  const encoded = payloadOf(list).credentialSubject.encodedList as string;
  const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
  const index = Number(entry.statusListIndex);
  return ((bits[index >> 3] as number) & (0x80 >> (index & 7))) !== 0;
}

// The built identity-registry, started as `npm start` starts it with a demo city seed, a keystore and an
// admin token, against the run's Kafka and PostgreSQL: a trainer's credentials journey over HTTP.
describe('identity-registry credentials and demo city over HTTP (e2e)', () => {
  let sandbox: RegistrySandbox | undefined;
  let url: string;
  let contract: OpenApiResponseValidator;
  let keystore: string;

  async function call(method: string, template: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(path.startsWith('http') ? path : `${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const text = await response.text();
    const parsed = contentType.endsWith('json') ? (JSON.parse(text) as Json) : text;
    contract.assertValid({ path: template, method, status: response.status, contentType, body: parsed });
    return { status: response.status, contentType, headers: response.headers, body: parsed as Json, text };
  }
  const verify = (jws: string) =>
    call('POST', '/1.0/credentials/verify', '/1.0/credentials/verify', { verifiableCredential: jws });
  const change = (id: string, what: string, token: string | null = ADMIN_TOKEN) =>
    call(
      'POST',
      `/1.0/credentials/{id}/${what}`,
      `/1.0/credentials/${id}/${what}`,
      undefined,
      token ?? undefined,
    );
  const statusList = (listUrl: string) => call('GET', '/1.0/credentials/status/{listId}', listUrl);

  beforeAll(async () => {
    contract = new OpenApiResponseValidator(
      (await loadOpenApiDocument(join(repoRoot, 'contracts'), 'identity-registry')) as unknown as Json,
    );
    sandbox = await startRegistrySandbox('identity-credentials', {
      adminToken: ADMIN_TOKEN,
      demoCitySeed: SEED,
    });
    url = sandbox.url;
    keystore = sandbox.keystore;
  }, 120_000);

  afterAll(async () => {
    await sandbox?.stop();
  }, 60_000);

  let city: Json;
  const actor = (name: string): Json => city.actors.find((entry: Json) => entry.name === name);

  it('lists the seeded city for trainers, with the keys in the keystore and no private key over HTTP', async () => {
    const answer = await call('GET', '/1.0/demo-city', '/1.0/demo-city');
    expect(answer.status).toBe(200);
    city = answer.body;
    expect(city.actors).toHaveLength(10);
    expect(answer.text).not.toMatch(/PRIVATE KEY|"d":/);
    const index = JSON.parse(readFileSync(join(keystore, 'demo-city.json'), 'utf8')) as Json;
    expect(index.actors.map((entry: Json) => entry.did)).toEqual(city.actors.map((entry: Json) => entry.did));
    expect(statSync(join(keystore, `${actor('psp-harbour-bank').name}.pem`)).mode & 0o777).toBe(0o600);
  });

  it("verifies a resident's credential and serves its status list at the URL the credential names", async () => {
    const resident = actor('resident-1');
    const verdict = await verify(resident.credential.verifiableCredential);
    expect(verdict.body).toMatchObject({ verified: true, issuer: actor('city').did });
    const [revocation] = payloadOf(resident.credential.verifiableCredential).credentialStatus as Json[];
    expect(revocation?.statusListCredential).toMatch(new RegExp(`^${url}/1\\.0/credentials/status/`));
    const list = await statusList(revocation?.statusListCredential as string);
    expect(list.status).toBe(200);
    expect(list.contentType).toBe('application/vc+jwt');
    expect(bitOf(list.text, revocation as Json)).toBe(false);
  });

  it('issues a credential to a PSP from the central bank, revokes it: verification then says REVOKED', async () => {
    const psp = actor('psp-sunrise-wallet');
    const issued = await call(
      'POST',
      '/1.0/credentials/issue',
      '/1.0/credentials/issue',
      {
        type: 'OrganisationCredential',
        issuer: actor('central-bank').did,
        credentialSubject: { id: psp.did, role: 'psp', name: 'Sunrise Mobile Wallet' },
      },
      ADMIN_TOKEN,
    );
    expect(issued.status).toBe(201);
    expect((await verify(issued.body.verifiableCredential)).body.verified).toBe(true);
    expect((await change(issued.body.id, 'revoke', null)).status).toBe(401);
    expect((await change(issued.body.id, 'revoke')).body).toMatchObject({ status: 'revoked', changed: true });
    const verdict = await verify(issued.body.verifiableCredential);
    expect(verdict.body.verified).toBe(false);
    expect(verdict.body.problems.map((problem: Json) => problem.code)).toEqual(['REVOKED']);
    const [revocation] = issued.body.credential.credentialStatus as Json[];
    expect(
      bitOf((await statusList(revocation?.statusListCredential as string)).text, revocation as Json),
    ).toBe(true);
    expect((await change(issued.body.id, 'unsuspend')).status).toBe(409);
  });

  it("suspends an agency's credential and reinstates it", async () => {
    const agency = actor('agency-tax-office');
    expect((await change(agency.credential.id, 'suspend')).body.status).toBe('suspended');
    expect((await verify(agency.credential.verifiableCredential)).body.problems[0].code).toBe('SUSPENDED');
    expect((await call('GET', '/1.0/demo-city', '/1.0/demo-city')).body.actors[4].credential.status).toBe(
      'suspended',
    );
    expect((await change(agency.credential.id, 'unsuspend')).body.status).toBe('active');
    expect((await verify(agency.credential.verifiableCredential)).body.verified).toBe(true);
  });
});
