import { statSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, importJWK, jwtVerify } from 'jose';

import { decodeStatusList, getBit, STATUS_LIST_LENGTH } from '@dpi/credentials';
import { didDpiFromPublicKey, didKeyFromPublicKey, generateEd25519KeyPair } from '@dpi/did';

import { newIdentity, publishedEvents, type HttpAnswer } from '../dids/registry.test-harness';
import { CREDENTIAL_EVENTS_TOPIC } from './credential-event.publisher';
import {
  ADMIN_TOKEN,
  payloadOf,
  PUBLIC_URL,
  startCredentialRegistry,
  type CredentialRegistry,
} from './credentials.test-harness';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const STATUS_TEMPLATE = '/1.0/credentials/status/{listId}';

describe('identity-registry credentials (real PostgreSQL)', () => {
  let registry: CredentialRegistry;
  let issuerDid: string;
  let subject: ReturnType<typeof newIdentity>;

  beforeAll(async () => {
    registry = await startCredentialRegistry();
    subject = await registry.createDid();
  });
  afterAll(async () => {
    await registry?.close();
  });

  const organisation = (id = subject.did, extra: Json = {}) => ({
    type: 'OrganisationCredential',
    credentialSubject: { id, role: 'psp', name: 'Harbour Bank' },
    ...extra,
  });
  const credentialRows = async () =>
    Number((await registry.sql<{ n: string }>('SELECT count(*) AS n FROM credential'))[0]?.n);
  const listPath = (entry: Json) => new URL(entry.statusListCredential as string).pathname;
  async function statusBit(entry: Json): Promise<boolean> {
    const answer = await registry.call('GET', STATUS_TEMPLATE, listPath(entry));
    expect(answer.status).toBe(200);
    const bits = decodeStatusList(payloadOf(answer.text).credentialSubject.encodedList as string);
    return getBit(bits, Number(entry.statusListIndex));
  }
  const expectProblem = (answer: HttpAnswer, status: number, code: string) => {
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });
    expect(answer.contentType).toBe('application/problem+json');
  };

  describe('the registry issuer', () => {
    it('keeps its key in the keystore, owner-only, and its did:dpi DID in the registry with history', async () => {
      const file = join(registry.keystore, 'registry-issuer.pem');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(registry.keystore).mode & 0o777).toBe(0o700);
      issuerDid = didDpiFromPublicKey(await registry.issuerKey());
      const resolved = await registry.resolve(issuerDid);
      expect(resolved.status).toBe(200);
      expect(resolved.body.didDocument.assertionMethod).toEqual([`${issuerDid}#key-1`]);
      const [row] = await registry.sql<{ n: string }>(
        'SELECT count(*) AS n FROM did_version WHERE did = $1',
        [issuerDid],
      );
      expect(row?.n).toBe('1');
    });
  });

  describe('issuing', () => {
    let issued: Json;

    it('issues an organisation credential as vc+jwt: VC 2.0 payload, Ed25519, typ vc+jwt, cty vc, kid of the issuer', async () => {
      const answer = await registry.issue(organisation());
      expect(answer.status).toBe(201);
      issued = answer.body;
      const [header, , signature] = (issued.verifiableCredential as string).split('.');
      expect(JSON.parse(Buffer.from(header as string, 'base64url').toString())).toEqual({
        alg: 'Ed25519',
        typ: 'vc+jwt',
        cty: 'vc',
        kid: `${issuerDid}#key-1`,
      });
      expect(Buffer.from(signature as string, 'base64url')).toHaveLength(64);
      expect(payloadOf(issued.verifiableCredential)).toEqual(issued.credential);
      expect(issued.credential).toMatchObject({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential', 'OrganisationCredential'],
        issuer: issuerDid,
        credentialSubject: { id: subject.did, role: 'psp', name: 'Harbour Bank' },
      });
      const [revocation, suspension] = issued.credential.credentialStatus as Json[];
      expect(revocation).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
      expect(suspension).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' });
      expect(revocation?.statusListCredential).toMatch(
        new RegExp(`^${PUBLIC_URL}/1\\.0/credentials/status/`),
      );
      expect(revocation?.statusListCredential).not.toBe(suspension?.statusListCredential);
      // One year by default, whole seconds.
      const period = Date.parse(issued.credential.validUntil) - Date.parse(issued.credential.validFrom);
      expect(period).toBe(365 * 86_400_000);
    });

    it('is accepted by a generic JOSE library (jose compactVerify and jwtVerify with typ vc+jwt)', async () => {
      const publicKey = (await registry.issuerKey()).export({ format: 'jwk' });
      const { kty, crv, x } = publicKey;
      const key = await importJWK({ kty, crv, x }, 'Ed25519');
      const { payload, protectedHeader } = await compactVerify(issued.verifiableCredential, key, {
        algorithms: ['Ed25519', 'EdDSA'],
      });
      expect(protectedHeader).toMatchObject({ alg: 'Ed25519', typ: 'vc+jwt', cty: 'vc' });
      expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(issued.credential);
      const jwt = await jwtVerify(issued.verifiableCredential, key, { typ: 'vc+jwt' });
      expect(jwt.payload.id).toBe(issued.id);
    });

    it('verifies what it issued: every check passes', async () => {
      const verdict = await registry.verify(issued.verifiableCredential);
      expect(verdict.status).toBe(200);
      expect(verdict.body).toMatchObject({
        verified: true,
        problems: [],
        issuer: issuerDid,
        kid: `${issuerDid}#key-1`,
      });
      expect(Object.values(verdict.body.checks)).toEqual(Array(7).fill('passed'));
    });

    it('issues a resident credential with a district code and nothing else about the person', async () => {
      const resident = await registry.createDid();
      const answer = await registry.issue({
        type: 'ResidentCredential',
        credentialSubject: { id: resident.did, districtCode: 'D03' },
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      });
      expect(answer.status).toBe(201);
      expect(answer.body.credential.credentialSubject).toEqual({ id: resident.did, districtCode: 'D03' });
    });

    it('issues to a did:key subject (any method the registry resolves)', async () => {
      const answer = await registry.issue(
        organisation(didKeyFromPublicKey(generateEd25519KeyPair().publicKey)),
      );
      expect(answer.status).toBe(201);
    });

    it('hands out distinct status indexes, never in issuance order, and none twice under concurrency', async () => {
      const answers = await Promise.all(Array.from({ length: 24 }, () => registry.issue(organisation())));
      expect(answers.map((answer) => answer.status)).toEqual(Array(24).fill(201));
      const indexes = answers.map((answer) =>
        Number(answer.body.credential.credentialStatus[0].statusListIndex),
      );
      expect(new Set(indexes).size).toBe(24);
      expect(indexes.every((index) => index >= 0 && index < STATUS_LIST_LENGTH)).toBe(true);
      const sorted = [...indexes].sort((a, b) => a - b);
      expect(indexes).not.toEqual(sorted);
      // Revoking all of them at once loses no bit: each one is set in the list afterwards.
      const revoked = await Promise.all(answers.map((answer) => registry.change(answer.body.id, 'revoke')));
      expect(revoked.map((answer) => answer.body.status)).toEqual(Array(24).fill('revoked'));
      const entry = answers[0]?.body.credential.credentialStatus[0] as Json;
      const list = await registry.call('GET', STATUS_TEMPLATE, listPath(entry));
      const bits = decodeStatusList(payloadOf(list.text).credentialSubject.encodedList as string);
      expect(indexes.every((index) => getBit(bits, index))).toBe(true);
    });

    describe('refuses, writing nothing', () => {
      const refused = async (body: unknown, status: number, code: string) => {
        const before = await credentialRows();
        const answer = await registry.issue(body);
        expectProblem(answer, status, code);
        expect(await credentialRows()).toBe(before);
        return answer.body as Json;
      };

      it('an unknown credential type, an unknown field or a missing subject (400 VALIDATION_FAILED)', async () => {
        const unknownType = await refused(
          { ...organisation(), type: 'DriverLicence' },
          400,
          'VALIDATION_FAILED',
        );
        expect(unknownType.errors).toContainEqual(expect.objectContaining({ field: 'type' }));
        const extra = await refused({ ...organisation(), evidence: 'x' }, 400, 'VALIDATION_FAILED');
        // Refused at the edge, naming the member by JSON pointer and saying what to do.
        expect(extra.errors).toEqual([
          {
            in: 'body',
            field: 'evidence',
            pointer: '/evidence',
            message: expect.stringContaining('remove it'),
          },
        ]);
        await refused({ type: 'OrganisationCredential' }, 400, 'VALIDATION_FAILED');
      });

      it('a role that does not exist, a name too long, a resident with a name (400 VALIDATION_FAILED)', async () => {
        await refused(
          { type: 'OrganisationCredential', credentialSubject: { id: subject.did, role: 'bank' } },
          400,
          'VALIDATION_FAILED',
        );
        await refused(
          {
            type: 'OrganisationCredential',
            credentialSubject: { id: subject.did, role: 'psp', name: 'x'.repeat(121) },
          },
          400,
          'VALIDATION_FAILED',
        );
        const named = await refused(
          {
            type: 'ResidentCredential',
            credentialSubject: { id: subject.did, districtCode: 'D01', name: 'Ana' },
          },
          400,
          'VALIDATION_FAILED',
        );
        expect(named.errors).toContainEqual(expect.objectContaining({ field: 'credentialSubject.name' }));
      });

      it('a subject that is not a DID (400 VALIDATION_FAILED) or not a valid did:dpi (400 INVALID_SUBJECT_DID)', async () => {
        await refused(organisation('alice'), 400, 'VALIDATION_FAILED');
        await refused(organisation(`${subject.did}#key-1`), 400, 'VALIDATION_FAILED');
        await refused(organisation('did:dpi:0OIl0OIl0OIl0OIl0OIl'), 400, 'INVALID_SUBJECT_DID');
      });

      it('a subject DID that does not resolve or is deactivated (422)', async () => {
        const unknown = await refused(
          organisation(didDpiFromPublicKey(generateEd25519KeyPair().publicKey)),
          422,
          'SUBJECT_NOT_RESOLVABLE',
        );
        expect(unknown.detail).toContain('create it first');
        await refused(organisation('did:example:123456789abcdefghi'), 422, 'SUBJECT_NOT_RESOLVABLE');
        const gone = await registry.createDid();
        await registry.deactivateDid(gone);
        await refused(organisation(gone.did), 422, 'SUBJECT_DEACTIVATED');
      });

      it('a validity period that is back-dated, inverted, too long, too far ahead or not a real date', async () => {
        const at = (ms: number) => new Date(Date.now() + ms).toISOString();
        await refused(
          organisation(subject.did, { validFrom: at(-86_400_000) }),
          400,
          'INVALID_VALIDITY_PERIOD',
        );
        await refused(
          organisation(subject.did, { validFrom: at(86_400_000), validUntil: at(3_600_000) }),
          400,
          'INVALID_VALIDITY_PERIOD',
        );
        await refused(
          organisation(subject.did, { validUntil: at(6 * 366 * 86_400_000) }),
          400,
          'INVALID_VALIDITY_PERIOD',
        );
        await refused(
          organisation(subject.did, { validFrom: at(400 * 86_400_000) }),
          400,
          'INVALID_VALIDITY_PERIOD',
        );
        await refused(
          organisation(subject.did, { validUntil: '2031-02-30T00:00:00Z' }),
          400,
          'VALIDATION_FAILED',
        );
        await refused(organisation(subject.did, { validUntil: 'tomorrow' }), 400, 'VALIDATION_FAILED');
      });

      it('an issuer whose key the registry does not hold (400 ISSUER_NOT_HELD)', async () => {
        const answer = await refused(
          organisation(subject.did, { issuer: subject.did }),
          400,
          'ISSUER_NOT_HELD',
        );
        expect(answer.detail).toContain(issuerDid);
      });

      it('a request without the admin token, or with another token (401), before looking at it', async () => {
        const before = await credentialRows();
        const missing = await registry.call('POST', '/1.0/credentials/issue', '/1.0/credentials/issue', {
          body: organisation(),
          token: null,
        });
        expectProblem(missing, 401, 'ADMIN_TOKEN_REQUIRED');
        expect(missing.headers.get('www-authenticate')).toContain('Bearer');
        const wrong = await registry.call('POST', '/1.0/credentials/issue', '/1.0/credentials/issue', {
          body: { nonsense: true },
          token: `${ADMIN_TOKEN}x`,
        });
        expectProblem(wrong, 401, 'ADMIN_TOKEN_INVALID');
        expect(wrong.headers.get('www-authenticate')).toContain('invalid_token');
        expect(await credentialRows()).toBe(before);
      });
    });
  });

  describe('status: revoke, suspend, unsuspend', () => {
    let credential: Json;
    let revocation: Json;
    let suspension: Json;

    beforeAll(async () => {
      credential = (await registry.issue(organisation())).body;
      [revocation, suspension] = credential.credential.credentialStatus as [Json, Json];
    });

    it('serves the status lists as vc+jwt BitstringStatusListCredentials with caching headers', async () => {
      const answer = await registry.call('GET', STATUS_TEMPLATE, listPath(revocation));
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe('application/vc+jwt');
      expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
      expect(answer.headers.get('last-modified')).toBeTruthy();
      const list = payloadOf(answer.text);
      expect(list).toMatchObject({
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: revocation.statusListCredential,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: issuerDid,
        credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 60_000 },
      });
      expect(decodeStatusList(list.credentialSubject.encodedList as string).length * 8).toBe(
        STATUS_LIST_LENGTH,
      );
      const etag = answer.headers.get('etag') as string;
      const again = await registry.call('GET', STATUS_TEMPLATE, listPath(revocation), {
        headers: { 'if-none-match': etag },
      });
      expect(again.status).toBe(304);
      const verdict = await registry.verify(answer.text);
      expect(verdict.body).toMatchObject({ verified: true, issuer: issuerDid });
      const { kty, crv, x } = (await registry.issuerKey()).export({ format: 'jwk' });
      await expect(
        compactVerify(answer.text, await importJWK({ kty, crv, x }, 'Ed25519')),
      ).resolves.toBeDefined();
    });

    it('suspends, reversibly: the bit is set, verification says SUSPENDED, unsuspend reinstates it', async () => {
      const suspended = await registry.change(credential.id, 'suspend');
      expect(suspended.status).toBe(200);
      expect(suspended.body).toEqual({
        id: credential.id,
        issuer: issuerDid,
        status: 'suspended',
        revoked: false,
        suspended: true,
        changed: true,
      });
      expect(await statusBit(suspension)).toBe(true);
      expect(await statusBit(revocation)).toBe(false);
      const verdict = await registry.verify(credential.verifiableCredential);
      expect(verdict.body.verified).toBe(false);
      expect(verdict.body.problems).toEqual([
        expect.objectContaining({ check: 'status', code: 'SUSPENDED' }),
      ]);
      expect((await registry.change(credential.id, 'suspend')).body.changed).toBe(false);
      const reinstated = await registry.change(credential.id.slice('urn:uuid:'.length), 'unsuspend');
      expect(reinstated.body).toMatchObject({ status: 'active', changed: true });
      expect((await registry.verify(credential.verifiableCredential)).body.verified).toBe(true);
      expect(await statusBit(suspension)).toBe(false);
    });

    it('changes the ETag of the list with every change', async () => {
      const before = (await registry.call('GET', STATUS_TEMPLATE, listPath(suspension))).headers.get('etag');
      await registry.change(credential.id, 'suspend');
      const after = (await registry.call('GET', STATUS_TEMPLATE, listPath(suspension))).headers.get('etag');
      expect(after).not.toBe(before);
      await registry.change(credential.id, 'unsuspend');
    });

    it('revokes for good: verification says REVOKED; revoking again changes nothing; no way back (409)', async () => {
      const revoked = await registry.change(credential.id, 'revoke');
      expect(revoked.body).toMatchObject({ status: 'revoked', revoked: true, changed: true });
      expect(await statusBit(revocation)).toBe(true);
      const verdict = await registry.verify(credential.verifiableCredential);
      expect(verdict.body.verified).toBe(false);
      expect(verdict.body.problems).toEqual([expect.objectContaining({ check: 'status', code: 'REVOKED' })]);
      expect((await registry.change(credential.id, 'revoke')).body).toMatchObject({
        status: 'revoked',
        changed: false,
      });
      expectProblem(await registry.change(credential.id, 'unsuspend'), 409, 'CREDENTIAL_REVOKED');
      expectProblem(await registry.change(credential.id, 'suspend'), 409, 'CREDENTIAL_REVOKED');
      expect(await statusBit(revocation)).toBe(true);
    });

    it('announced each change that took effect on identity.credentials, in order, signed by the registry, and nothing for repeats', async () => {
      const events = await publishedEvents(registry, {
        topic: CREDENTIAL_EVENTS_TOPIC,
        types: 'org.dpi.identity.credential.*',
        key: subject.did,
        count: 5,
        filter: (event) => event.data.credentialId === credential.id,
      });
      expect(events.map((event) => [event.type, event.data.status])).toEqual([
        ['org.dpi.identity.credential.suspended.v1', 'suspended'],
        ['org.dpi.identity.credential.reinstated.v1', 'active'],
        ['org.dpi.identity.credential.suspended.v1', 'suspended'],
        ['org.dpi.identity.credential.reinstated.v1', 'active'],
        ['org.dpi.identity.credential.revoked.v1', 'revoked'],
      ]);
      expect(events[4]?.data).toEqual({
        credentialId: credential.id,
        credentialType: 'OrganisationCredential',
        issuer: issuerDid,
        subject: subject.did,
        role: 'psp',
        status: 'revoked',
        time: expect.stringMatching(/Z$/),
      });
      const published = await registry.sql<{ n: string }>(
        `SELECT count(*) AS n FROM messaging_outbox
         WHERE topic = 'identity.credentials' AND convert_from(value, 'UTF8')::jsonb ->> 'credentialId' = $1`,
        [credential.id],
      );
      expect(Number(published[0]?.n)).toBe(5);
    }, 60_000);

    it('refuses status changes without the admin token (401), for unknown (404) and malformed ids (400)', async () => {
      const other = (await registry.issue(organisation())).body;
      expectProblem(await registry.change(other.id, 'revoke', null), 401, 'ADMIN_TOKEN_REQUIRED');
      expectProblem(
        await registry.change(other.id, 'suspend', 'not-the-admin-token'),
        401,
        'ADMIN_TOKEN_INVALID',
      );
      expect((await registry.verify(other.verifiableCredential)).body.verified).toBe(true);
      expectProblem(
        await registry.change('urn:uuid:00000000-0000-4000-8000-000000000000', 'revoke'),
        404,
        'CREDENTIAL_NOT_FOUND',
      );
      expectProblem(await registry.change('credential-1', 'revoke'), 400, 'INVALID_CREDENTIAL_ID');
    });

    it('checks a credential id against the contract after the admin token, and answers any length as problem details', async () => {
      const idOf = (length: number) => `urn:uuid:${'a'.repeat(length - 'urn:uuid:'.length)}`;
      // Any length the router reads goes to the admin check first.
      for (const length of [120, 129])
        expectProblem(await registry.change(idOf(length), 'revoke', null), 401, 'ADMIN_TOKEN_REQUIRED');
      // 101-128 characters: the contract allows them, so the service itself answers.
      expectProblem(await registry.change(idOf(120), 'revoke'), 400, 'INVALID_CREDENTIAL_ID');
      // Over the contract's maxLength: refused at the edge, naming the parameter.
      const tooLong = await registry.change(idOf(129), 'revoke');
      expectProblem(tooLong, 400, 'VALIDATION_FAILED');
      expect(tooLong.body.errors).toEqual([
        { in: 'path', field: 'id', pointer: '/id', message: 'must NOT have more than 128 characters' },
      ]);
      // Beyond what the router reads at all: still problem details with the request id.
      const huge = await registry.change(idOf(2_000), 'revoke');
      expectProblem(huge, 414, 'URI_TOO_LONG');
      expect(huge.body.requestId).toBe(huge.headers.get('x-request-id'));
    });

    it('answers 404 for a status list that does not exist', async () => {
      expectProblem(
        await registry.call(
          'GET',
          STATUS_TEMPLATE,
          '/1.0/credentials/status/00000000-0000-4000-8000-000000000000',
        ),
        404,
        'STATUS_LIST_NOT_FOUND',
      );
      expectProblem(
        await registry.call('GET', STATUS_TEMPLATE, '/1.0/credentials/status/..%2Fetc'),
        404,
        'STATUS_LIST_NOT_FOUND',
      );
    });
  });
});

describe('identity-registry credentials without a keystore (real PostgreSQL)', () => {
  let registry: CredentialRegistry;

  beforeAll(async () => {
    registry = await startCredentialRegistry({ KEYSTORE_DIR: '' });
  });
  afterAll(async () => {
    await registry?.close();
  });

  it('issues nothing (503 ISSUER_NOT_CONFIGURED) but still verifies and serves no demo city (404)', async () => {
    const subject = await registry.createDid();
    const answer = await registry.issue({
      type: 'ResidentCredential',
      credentialSubject: { id: subject.did, districtCode: 'D01' },
    });
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 503,
      code: 'ISSUER_NOT_CONFIGURED',
    });
    expect(answer.body.detail).toContain('KEYSTORE_DIR');
    const verdict = await registry.verify('not.a.jws');
    expect(verdict.status).toBe(200);
    const city = await registry.call('GET', '/1.0/demo-city', '/1.0/demo-city');
    expect({ status: city.status, code: city.body.code }).toEqual({
      status: 404,
      code: 'DEMO_CITY_NOT_SEEDED',
    });
  });
});
