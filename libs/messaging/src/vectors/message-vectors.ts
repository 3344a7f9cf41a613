import { createHash, sign, type KeyObject } from 'node:crypto';
import type { DIDDocument, DIDResolutionResult } from 'did-resolver';
import {
  didKeyDocument,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  ed25519MultibaseFromPublicKey,
  ed25519PrivateKeyFromSeed,
  publicJwkFromKeyObject,
  type Clock,
} from '@dpi/did';
import { SIGNATURE_HEADER } from '../envelope.constants';
import {
  detachedCompactJws,
  encodeProtectedHeader,
  signingInput,
  type EnvelopeProtectedHeader,
} from '../envelope-jws.util';
import { EnvelopeSigner, type EnvelopeInput } from '../envelope.signer';
import type { SignedRecord } from '../kafka-record.types';
import type { PublishRule } from '../publish-policy';
import type { RejectReason } from '../reject-reason';
import { uuidV7 } from '../uuid-v7.util';

/** The expected verdict of a vector. */
export interface VectorVerdict {
  verdict: 'accept' | 'reject';
  reason?: RejectReason;
  transient?: boolean;
}

/** One message test vector, as stored in contracts/vectors/messages/*.json. */
export interface MessageVector {
  description: string;
  topic: string;
  partition: number;
  offset: string;
  /** base64 of the record key bytes, or null for a record without key. */
  key: string | null;
  /** base64 of the record value bytes. */
  value: string;
  headers: Record<string, string>;
  /** What resolving each DID yields (DID Resolution result); any other DID resolves to notFound. */
  didResolutions: Record<string, DIDResolutionResult>;
  publishPolicy: { rules: PublishRule[] };
  /** Payload JSON Schema by CloudEvents type; any other type is unknown. */
  schemas: Record<string, object>;
  expected: VectorVerdict;
  /** Present when the same record is delivered a second time (inbox duplicate detection). */
  redelivery?: { expected: VectorVerdict; note: string };
}

/** A key the vectors were signed with: public part and where its (public, test-only) seed comes from. */
export interface VectorKey {
  name: string;
  kid: string;
  /** How the Ed25519 seed is obtained, so anyone can rebuild the private test key. */
  seed: string;
  publicJwk: Record<string, unknown>;
  /** Test-only private key; printed on request by the generator, never written to the repository. */
  privateKey: KeyObject;
}

const TOPIC = 'sandbox.vectors';
const RECORDED = 'org.dpi.vectors.sample.recorded.v1';
const BASE_TIME = Date.parse('2026-01-15T09:30:00.000Z');

const SAMPLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['sampleId', 'amount', 'currency'],
  properties: {
    sampleId: { type: 'string', minLength: 1, maxLength: 64 },
    amount: { type: 'string', pattern: '^(0|[1-9][0-9]{0,17})$', description: 'integer minor units' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
};

function seed(label: string): Buffer {
  return createHash('sha256').update(`dpi message vectors: ${label}`).digest();
}

// Publisher A signs with the Ed25519 key of RFC 8037 appendix A.1, so anyone can cross-check it.
const keyA1 = ed25519PrivateKeyFromSeed(
  Buffer.from('nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A', 'base64url'),
);
const keyA2 = ed25519PrivateKeyFromSeed(seed('psp-a key-2'));
const keyB1 = ed25519PrivateKeyFromSeed(seed('agency-b key-1'));
const keyRetired = ed25519PrivateKeyFromSeed(seed('retired key-1'));
const keyGhost = ed25519PrivateKeyFromSeed(seed('ghost key-1'));
// The did:key spec's first Ed25519 vector (seed of 32 zero bytes).
const keyDidKey = ed25519PrivateKeyFromSeed(Buffer.alloc(32));

const DID_A = 'did:web:psp-a.vectors.dpi.example';
const DID_B = 'did:web:agency-b.vectors.dpi.example';
const DID_RETIRED = 'did:web:retired.vectors.dpi.example';
const DID_GHOST = 'did:web:ghost.vectors.dpi.example';
const DID_KEY = didKeyFromPublicKey(keyDidKey);

function jwkMethod(did: string, fragment: string, key: KeyObject) {
  return {
    id: `${did}#${fragment}`,
    type: 'JsonWebKey',
    controller: did,
    publicKeyJwk: publicJwkFromKeyObject(key),
  };
}

function found(document: DIDDocument, metadata: Record<string, unknown> = {}): DIDResolutionResult {
  return {
    didResolutionMetadata: { contentType: 'application/did+json' },
    didDocument: document,
    didDocumentMetadata: metadata,
  };
}

const DID_RESOLUTIONS: Record<string, DIDResolutionResult> = {
  [DID_A]: found(
    {
      '@context': [
        'https://www.w3.org/ns/did/v1',
        'https://w3id.org/security/jwk/v1',
        'https://w3id.org/security/multikey/v1',
      ],
      id: DID_A,
      verificationMethod: [
        jwkMethod(DID_A, 'key-1', keyA1),
        {
          id: `${DID_A}#key-2`,
          type: 'Multikey',
          controller: DID_A,
          publicKeyMultibase: ed25519MultibaseFromPublicKey(keyA2),
        },
      ],
      authentication: [`${DID_A}#key-2`],
      assertionMethod: [`${DID_A}#key-1`],
    },
    { created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', versionId: '1' },
  ),
  [DID_B]: found({
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: DID_B,
    verificationMethod: [jwkMethod(DID_B, 'key-1', keyB1)],
    assertionMethod: [`${DID_B}#key-1`],
  }),
  // Deactivated: the last document is still returned, so only the metadata tells.
  [DID_RETIRED]: found(
    {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id: DID_RETIRED,
      verificationMethod: [jwkMethod(DID_RETIRED, 'key-1', keyRetired)],
      assertionMethod: [`${DID_RETIRED}#key-1`],
    },
    { created: '2026-01-01T00:00:00Z', updated: '2026-01-10T00:00:00Z', deactivated: true, versionId: '2' },
  ),
  [DID_KEY]: {
    didResolutionMetadata: { contentType: 'application/did+ld+json' },
    didDocument: didKeyDocument(DID_KEY),
    didDocumentMetadata: {},
  },
};

const POLICY = {
  rules: [
    { source: DID_A, topic: TOPIC, types: ['org.dpi.vectors.sample.*'] },
    { source: DID_RETIRED, topic: TOPIC, types: [RECORDED] },
    { source: 'did:key:*', topic: TOPIC, types: [RECORDED] },
  ],
};

const SAMPLE = { sampleId: 'S-0001', amount: '1250', currency: 'EUR' };

function fixedClock(ms: number): Clock {
  return { now: () => new Date(ms) };
}

function signer(
  privateKey: KeyObject,
  kid: string,
  source: string,
  alg: 'Ed25519' | 'EdDSA' = 'Ed25519',
): (n: number, input: Partial<EnvelopeInput>) => SignedRecord {
  return (n, input) => {
    const time = BASE_TIME + n * 1000;
    const id = uuidV7(time, seed(`event ${n}`));
    const envelope = new EnvelopeSigner({
      privateKey,
      kid,
      source,
      alg,
      clock: fixedClock(time),
      newId: () => id,
    });
    return envelope.sign({ topic: TOPIC, key: 'S-0001', type: RECORDED, data: SAMPLE, ...input });
  };
}

/** Re-signs a record with `key` after `mutate` changed its protected header and/or headers (to forge cases). */
function resign(
  record: SignedRecord,
  key: KeyObject,
  mutate: (
    header: EnvelopeProtectedHeader & Record<string, unknown>,
    headers: Record<string, string>,
  ) => void,
): SignedRecord {
  const headers = { ...record.headers };
  const [encoded] = (headers[SIGNATURE_HEADER] as string).split('.');
  const header = JSON.parse(
    Buffer.from(encoded as string, 'base64url').toString('utf8'),
  ) as EnvelopeProtectedHeader & Record<string, unknown>;
  mutate(header, headers);
  const reencoded = encodeProtectedHeader(header);
  headers[SIGNATURE_HEADER] = detachedCompactJws(
    reencoded,
    sign(null, signingInput(reencoded, record.value), key),
  );
  return { ...record, headers };
}

interface Case {
  name: string;
  description: string;
  record: SignedRecord;
  topic?: string;
  expected: VectorVerdict;
  redelivery?: MessageVector['redelivery'];
}

function cases(): Case[] {
  const a = signer(keyA1, `${DID_A}#key-1`, DID_A);
  const reject = (reason: RejectReason): VectorVerdict => ({ verdict: 'reject', reason, transient: false });
  const accept: VectorVerdict = { verdict: 'accept' };
  const valid = a(1, { subject: 'sample/S-0001' });
  return [
    {
      name: 'valid',
      description: 'A valid event from a did:web publisher, with a subject: accepted.',
      record: valid,
      expected: accept,
    },
    {
      name: 'valid-extension-attribute',
      description:
        'A valid event with a signed CloudEvents extension attribute (ce_correlationid): accepted.',
      record: a(2, { extensions: { correlationid: 'c-42' } }),
      expected: accept,
    },
    {
      name: 'valid-did-key',
      description: 'A valid event from a did:key publisher (document derived from the DID): accepted.',
      record: signer(keyDidKey, didKeyVerificationMethodId(DID_KEY), DID_KEY)(3, {}),
      expected: accept,
    },
    {
      name: 'alg-eddsa-accepted',
      description:
        'Signed with the deprecated alg name EdDSA (RFC 9864 keeps it valid for verifiers): accepted.',
      record: signer(keyA1, `${DID_A}#key-1`, DID_A, 'EdDSA')(4, {}),
      expected: accept,
    },
    {
      name: 'duplicate-id',
      description:
        'A valid event delivered twice: the first delivery is accepted, the second is a duplicate (same ce_source and ce_id) and is not applied again.',
      record: a(5, {}),
      expected: accept,
      redelivery: {
        expected: { verdict: 'reject', reason: 'DUPLICATE', transient: false },
        note: 'Signature checks pass again; the inbox (ce_source + ce_id already recorded) rejects the redelivery without a second effect.',
      },
    },
    {
      name: 'tampered-value',
      description:
        'One byte of the value changed after signing (amount 1250 -> 9250; still valid JSON and schema-valid): BAD_SIGNATURE.',
      record: {
        ...valid,
        value: Buffer.from(valid.value.toString('utf8').replace('"1250"', '"9250"'), 'utf8'),
      },
      expected: reject('BAD_SIGNATURE'),
    },
    {
      name: 'swapped-header-type',
      description: 'ce_type header changed after signing: BINDING_MISMATCH (ce.type).',
      record: { ...valid, headers: { ...valid.headers, ce_type: 'org.dpi.vectors.sample.voided.v1' } },
      expected: reject('BINDING_MISMATCH'),
    },
    {
      name: 'removed-header-subject',
      description: 'ce_subject header removed after signing: BINDING_MISMATCH (ce.subject).',
      record: {
        ...valid,
        headers: Object.fromEntries(Object.entries(valid.headers).filter(([k]) => k !== 'ce_subject')),
      },
      expected: reject('BINDING_MISMATCH'),
    },
    {
      name: 'added-unsigned-extension',
      description: 'An unsigned ce_* header added after signing: BINDING_MISMATCH.',
      record: { ...valid, headers: { ...valid.headers, ce_partnerid: 'p-1' } },
      expected: reject('BINDING_MISMATCH'),
    },
    {
      name: 'wrong-topic',
      description: 'A valid record replayed on another topic: BINDING_MISMATCH (kafka.topic).',
      record: valid,
      topic: 'sandbox.vectors.other',
      expected: reject('BINDING_MISMATCH'),
    },
    {
      name: 'wrong-key',
      description: 'A valid record re-keyed to another aggregate: BINDING_MISMATCH (kafka.key).',
      record: { ...valid, key: 'S-0002' },
      expected: reject('BINDING_MISMATCH'),
    },
    {
      name: 'missing-signature',
      description: 'No ce_signature header: MISSING_HEADER.',
      record: {
        ...valid,
        headers: Object.fromEntries(Object.entries(valid.headers).filter(([k]) => k !== SIGNATURE_HEADER)),
      },
      expected: reject('MISSING_HEADER'),
    },
    {
      name: 'attached-payload',
      description: 'The JWS carries the payload instead of leaving it detached: MALFORMED_SIGNATURE.',
      record: {
        ...valid,
        headers: {
          ...valid.headers,
          [SIGNATURE_HEADER]: (valid.headers[SIGNATURE_HEADER] as string).replace(
            '..',
            `.${valid.value.toString('base64url')}.`,
          ),
        },
      },
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'unknown-crit',
      description:
        'A correctly signed protected header lists a critical parameter the profile does not define (exp): MALFORMED_SIGNATURE.',
      record: resign(a(6, {}), keyA1, (h) => {
        h.crit = [...h.crit, 'exp'];
        h.exp = 1768469400;
      }),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'unsupported-alg',
      description: 'Protected header alg ES256: UNSUPPORTED_ALG.',
      record: resign(a(7, {}), keyA1, (h) => (h.alg = 'ES256')),
      expected: reject('UNSUPPORTED_ALG'),
    },
    {
      name: 'source-kid-mismatch',
      description:
        'Publisher B signs with its own key but claims publisher A as ce_source (consistently in header and signature): SOURCE_KID_MISMATCH.',
      record: resign(signer(keyB1, `${DID_B}#key-1`, DID_B)(8, {}), keyB1, (h, headers) => {
        h.ce.source = DID_A;
        headers.ce_source = DID_A;
      }),
      expected: reject('SOURCE_KID_MISMATCH'),
    },
    {
      name: 'unknown-did',
      description: 'The publisher DID does not resolve (notFound): DID_RESOLUTION_FAILED, permanent.',
      record: signer(keyGhost, `${DID_GHOST}#key-1`, DID_GHOST)(9, {}),
      expected: reject('DID_RESOLUTION_FAILED'),
    },
    {
      name: 'unknown-kid',
      description: 'kid names a fragment the publisher DID document does not have: UNKNOWN_KID.',
      record: resign(a(10, {}), keyGhost, (h) => (h.kid = `${DID_A}#key-9`)),
      expected: reject('UNKNOWN_KID'),
    },
    {
      name: 'key-not-assertion-method',
      description:
        'Signed with a key the document lists under authentication only: KEY_NOT_ASSERTION_METHOD.',
      record: signer(keyA2, `${DID_A}#key-2`, DID_A)(11, {}),
      expected: reject('KEY_NOT_ASSERTION_METHOD'),
    },
    {
      name: 'deactivated-did',
      description: 'The publisher DID is deactivated (didDocumentMetadata.deactivated): DID_DEACTIVATED.',
      record: signer(keyRetired, `${DID_RETIRED}#key-1`, DID_RETIRED)(12, {}),
      expected: reject('DID_DEACTIVATED'),
    },
    {
      name: 'policy-denied',
      description:
        'A validly signed event from a publisher the policy does not allow on this topic: POLICY_DENIED.',
      record: signer(keyB1, `${DID_B}#key-1`, DID_B)(13, {}),
      expected: reject('POLICY_DENIED'),
    },
    {
      name: 'unknown-type',
      description: 'A validly signed, allowed type with no payload schema: UNKNOWN_TYPE.',
      record: a(14, { type: 'org.dpi.vectors.sample.unlisted.v1' }),
      expected: reject('UNKNOWN_TYPE'),
    },
    {
      name: 'schema-invalid',
      description: 'A validly signed event whose data lacks a required property (currency): SCHEMA_INVALID.',
      record: a(15, { data: { sampleId: 'S-0001', amount: '1250' } }),
      expected: reject('SCHEMA_INVALID'),
    },
  ];
}

/** Builds every message vector, keyed by file name; deterministic (Ed25519 signatures are). */
export function buildMessageVectors(): Map<string, MessageVector> {
  const vectors = new Map<string, MessageVector>();
  cases().forEach((c, i) => {
    const number = String(i + 1).padStart(2, '0');
    const vector: MessageVector = {
      description: c.description,
      topic: c.topic ?? TOPIC,
      partition: 0,
      offset: String(i),
      key: c.record.key === null ? null : Buffer.from(c.record.key).toString('base64'),
      value: c.record.value.toString('base64'),
      headers: c.record.headers,
      didResolutions: DID_RESOLUTIONS,
      publishPolicy: POLICY,
      schemas: { [RECORDED]: SAMPLE_SCHEMA, 'org.dpi.vectors.sample.voided.v1': SAMPLE_SCHEMA },
      expected: c.expected,
    };
    if (c.redelivery) vector.redelivery = c.redelivery;
    vectors.set(`${number}-${c.name}.json`, vector);
  });
  return vectors;
}

const labelled = (label: string) => `SHA-256 of the UTF-8 string "dpi message vectors: ${label}"`;

/** The test keys the vectors were signed with, so implementations can test their signers too. */
export function vectorKeys(): VectorKey[] {
  const entry = (name: string, kid: string, seedText: string, key: KeyObject): VectorKey => ({
    name,
    kid,
    seed: seedText,
    publicJwk: publicJwkFromKeyObject(key) as unknown as Record<string, unknown>,
    privateKey: key,
  });
  return [
    entry('psp-a-key-1', `${DID_A}#key-1`, 'RFC 8037 appendix A.1 (the "d" of its example key)', keyA1),
    entry('psp-a-key-2', `${DID_A}#key-2`, labelled('psp-a key-2'), keyA2),
    entry('agency-b-key-1', `${DID_B}#key-1`, labelled('agency-b key-1'), keyB1),
    entry('retired-key-1', `${DID_RETIRED}#key-1`, labelled('retired key-1'), keyRetired),
    entry('ghost-key-1', `${DID_GHOST}#key-1`, labelled('ghost key-1'), keyGhost),
    entry(
      'did-key-seed-0',
      didKeyVerificationMethodId(DID_KEY),
      "32 zero bytes (the did:key specification's first Ed25519 vector)",
      keyDidKey,
    ),
  ];
}

/** The committed keys file: public keys and seed derivations only; no private key is ever written. */
export function vectorKeysFile(): object {
  return {
    description:
      'The Ed25519 keys the message vectors are signed with. Public keys only; each seed is public and test-only, so the private key can be rebuilt (or printed by the generator with --print-private-keys) to check that a signer produces identical signatures. Never use these keys for anything else.',
    keys: vectorKeys().map(({ name, kid, seed: seedText, publicJwk }) => ({
      name,
      kid,
      seed: seedText,
      publicJwk,
    })),
  };
}

/** The JSON text of a vector or key file, as committed (two-space indent, trailing newline). */
export function vectorFileText(content: unknown): string {
  return `${JSON.stringify(content, null, 2)}\n`;
}
