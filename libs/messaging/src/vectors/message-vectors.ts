import { createHash, sign, type KeyObject } from 'node:crypto';
import type { DIDDocument, DIDResolutionResult } from 'did-resolver';
import { v7 as uuidv7 } from 'uuid';
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
import {
  IDENTITY_POINT,
  littleEndian32,
  signWithIdentityR,
  withUnreducedS,
} from './ed25519-edge-signature.util';

/**
 * The expected verdict of a vector: `skip` is a DUPLICATE, acknowledged and counted without a second
 * effect and without a dead letter (spec section 6).
 */
export interface VectorVerdict {
  verdict: 'accept' | 'reject' | 'skip';
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
  /** Header name -> UTF-8 value; an array for a header the record carries more than once, in order. */
  headers: Record<string, string | string[]>;
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
// Lists weak public keys (no private key exists for them): the identity point, and the identity encoded
// non-canonically as y = p + 1. Anyone can forge a signature that node:crypto accepts for either.
const DID_WEAK = 'did:web:weak.vectors.dpi.example';
const WEAK_KEYS = {
  'key-1': IDENTITY_POINT,
  'key-2': littleEndian32((1n << 255n) - 19n + 1n),
};
// Its resolver answers internalError (a server failing right now): a transient failure.
const DID_FLAKY = 'did:web:flaky.vectors.dpi.example';

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
  [DID_WEAK]: found({
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
    id: DID_WEAK,
    verificationMethod: Object.entries(WEAK_KEYS).map(([fragment, x]) => ({
      id: `${DID_WEAK}#${fragment}`,
      type: 'JsonWebKey',
      controller: DID_WEAK,
      publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: x.toString('base64url') },
    })),
    assertionMethod: Object.keys(WEAK_KEYS).map((fragment) => `${DID_WEAK}#${fragment}`),
  }),
  [DID_FLAKY]: {
    didResolutionMetadata: { error: 'internalError', message: 'the DID host answered 503' },
    didDocument: null,
    didDocumentMetadata: {},
  },
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
    // Allowed, so that only the key check stands between a forgery and acceptance.
    { source: DID_WEAK, topic: TOPIC, types: [RECORDED] },
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
    const id = uuidv7({ msecs: time, random: seed(`event ${n}`) });
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

/** The protected header bytes of a signed record. */
function protectedHeaderBytes(record: SignedRecord): Buffer {
  return Buffer.from((record.headers[SIGNATURE_HEADER] as string).split('.')[0] as string, 'base64url');
}

/** Signs `value` under exactly these protected header bytes (for cases a JSON serialiser never makes). */
function signExact(
  record: SignedRecord,
  key: KeyObject,
  headerBytes: Buffer,
  value: Buffer = record.value,
): SignedRecord {
  const encoded = headerBytes.toString('base64url');
  const signature = detachedCompactJws(encoded, sign(null, signingInput(encoded, value), key));
  return { ...record, value, headers: { ...record.headers, [SIGNATURE_HEADER]: signature } };
}

/** The record with its ce_signature string rewritten (to alter the encoding, not the signed bytes). */
function withSignatureText(record: SignedRecord, rewrite: (jws: string) => string): SignedRecord {
  const jws = record.headers[SIGNATURE_HEADER] as string;
  const rewritten = rewrite(jws);
  if (rewritten === jws) throw new Error('the rewrite changed nothing');
  return { ...record, headers: { ...record.headers, [SIGNATURE_HEADER]: rewritten } };
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Sets the lowest unused bit of the last character of a base64url text: same bytes, non-canonical text. */
function setTrailingBit(text: string): string {
  if (text.length % 4 === 0) throw new Error('no unused bits in a text of whole quanta');
  const last = BASE64URL_ALPHABET.indexOf(text.slice(-1));
  return text.slice(0, -1) + (BASE64URL_ALPHABET[last | 1] as string);
}

/** Extension attributes ext01, ext02...: to reach the header count limit. */
function extensions(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`ext${String(i + 1).padStart(2, '0')}`, 'v']),
  );
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

interface Case {
  name: string;
  description: string;
  record: SignedRecord;
  /** Headers of the vector when they differ from the record's (a repeated header). */
  headers?: MessageVector['headers'];
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
        expected: { verdict: 'skip', reason: 'DUPLICATE' },
        note: 'Signature checks pass again; the inbox (ce_source + ce_id already recorded, same value) skips the redelivery: acknowledged and counted, no second effect, not dead-lettered.',
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
    ...strictCases(a, reject, accept),
  ];
}

/** The cases that settle what section 5 leaves to judgement (numbered after the original 23). */
function strictCases(
  a: ReturnType<typeof signer>,
  reject: (reason: RejectReason) => VectorVerdict,
  accept: VectorVerdict,
): Case[] {
  const withTime = (n: number, time: string) =>
    resign(a(n, {}), keyA1, (h, headers) => {
      h.ce.time = time;
      headers.ce_time = time;
    });
  const withValue = (n: number, value: string | Buffer) => {
    const record = a(n, {});
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    return signExact(record, keyA1, protectedHeaderBytes(record), bytes);
  };
  const withHeaderText = (n: number, edit: (json: string) => string | Buffer) => {
    const record = a(n, {});
    const edited = edit(protectedHeaderBytes(record).toString('utf8'));
    return signExact(record, keyA1, typeof edited === 'string' ? Buffer.from(edited, 'utf8') : edited);
  };
  const forgedForWeakKey = (n: number, fragment: keyof typeof WEAK_KEYS) =>
    withSignatureText(signer(keyGhost, `${DID_WEAK}#${fragment}`, DID_WEAK)(n, {}), (jws) => {
      const [header] = jws.split('.');
      return `${header}..${Buffer.concat([IDENTITY_POINT, Buffer.alloc(32)]).toString('base64url')}`;
    });
  const withSignatureBytes = (n: number, change: (signature: Buffer, message: Buffer) => Buffer) => {
    const record = a(n, {});
    return withSignatureText(record, (jws) => {
      const [header, , signature] = jws.split('.') as [string, string, string];
      const message = signingInput(header, record.value);
      return `${header}..${change(Buffer.from(signature, 'base64url'), message).toString('base64url')}`;
    });
  };
  const sampleWith = (text: string) => `{"sampleId":"S-0001",${text},"currency":"EUR"}`;
  const largeSample = { ...SAMPLE, note: '' };
  largeSample.note = 'x'.repeat(1_048_577 - Buffer.byteLength(JSON.stringify(largeSample)));
  return [
    {
      name: 'too-large',
      description:
        'A correctly signed value of 1,048,577 bytes, one over the 1 MiB limit: TOO_LARGE, before any other check.',
      record: a(24, { data: largeSample }),
      expected: reject('TOO_LARGE'),
    },
    {
      name: 'valid-32-headers',
      description:
        'Exactly 32 ce_*/content-type headers counting ce_signature (6 core, 25 signed extensions, the signature): accepted.',
      record: a(25, { extensions: extensions(25) }),
      expected: accept,
    },
    {
      name: 'too-many-headers',
      description:
        '33 ce_*/content-type headers counting ce_signature (26 signed extensions), all signed: MALFORMED_HEADER.',
      record: a(26, { extensions: extensions(26) }),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'time-30-february',
      description: 'ce_time 2026-02-30T09:30:00.000Z, signed: not a real date, MALFORMED_HEADER.',
      record: withTime(27, '2026-02-30T09:30:00.000Z'),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'time-hour-24',
      description: 'ce_time 2026-01-15T24:00:00.000Z, signed: hours run 00-23, MALFORMED_HEADER.',
      record: withTime(28, '2026-01-15T24:00:00.000Z'),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'time-leap-second',
      description:
        'ce_time 2016-12-31T23:59:60Z (a real leap second), signed: seconds run 00-59, MALFORMED_HEADER.',
      record: withTime(29, '2016-12-31T23:59:60Z'),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'header-name-upper-case',
      description:
        'An unsigned CE_TYPE header next to the signed ce_type: header names are case-sensitive lower case, so any other case of an envelope name is MALFORMED_HEADER, not ignored.',
      record: (() => {
        const record = a(30, {});
        return { ...record, headers: { ...record.headers, CE_TYPE: 'org.dpi.vectors.sample.voided.v1' } };
      })(),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'content-type-repeated',
      description: 'content-type appears twice (same value both times): MALFORMED_HEADER.',
      record: a(31, {}),
      headers: (() => {
        const { 'content-type': contentType, ...rest } = a(31, {}).headers;
        return { ...rest, 'content-type': [contentType as string, contentType as string] };
      })(),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'conflicting-ce-datacontenttype',
      description:
        'A ce_datacontenttype header (text/plain) before the signed content-type: datacontenttype travels only as content-type, so the header is MALFORMED_HEADER whatever its value.',
      record: (() => {
        const record = a(32, {});
        return { ...record, headers: { ce_datacontenttype: 'text/plain', ...record.headers } };
      })(),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'extension-named-constructor-too-long',
      description:
        'A signed extension ce_constructor of 1025 characters (limit 1024): MALFORMED_HEADER. Attribute names come from the record; a limit table that is a plain object finds a built-in property for this name.',
      record: a(33, { extensions: { constructor: 'x'.repeat(1025) } }),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'empty-subject',
      description:
        'ce_subject present and empty, signed: every envelope header value is non-empty, MALFORMED_HEADER.',
      record: resign(a(34, {}), keyA1, (h, headers) => {
        h.ce.subject = '';
        headers.ce_subject = '';
      }),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'subject-512-code-points',
      description:
        'ce_subject of 512 code points (7 ASCII and 505 U+1D11E, 1017 UTF-16 units, 2027 bytes): characters are code points, so it is within the 512 limit: accepted.',
      record: a(35, { subject: `sample/${'\u{1D11E}'.repeat(505)}` }),
      expected: accept,
    },
    {
      name: 'subject-513-code-points',
      description: 'ce_subject of 513 code points: over the 512 limit, MALFORMED_HEADER.',
      record: a(36, { subject: `sample/${'\u{1D11E}'.repeat(506)}` }),
      expected: reject('MALFORMED_HEADER'),
    },
    {
      name: 'alg-none',
      description:
        'Protected header alg none and an empty signature part: alg is checked before the signature length, UNSUPPORTED_ALG.',
      record: withSignatureText(a(37, {}), (jws) => {
        const header = JSON.parse(
          Buffer.from(jws.split('.')[0] as string, 'base64url').toString('utf8'),
        ) as object;
        return `${encodeProtectedHeader({ ...header, alg: 'none' })}..`;
      }),
      expected: reject('UNSUPPORTED_ALG'),
    },
    {
      name: 'padded-signature',
      description:
        'The signature part carries base64 padding (==): base64url here has no padding, MALFORMED_SIGNATURE.',
      record: withSignatureText(a(38, {}), (jws) => `${jws}==`),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'standard-base64-signature',
      description:
        'The signature part in the standard base64 alphabet (+ and / for - and _): MALFORMED_SIGNATURE.',
      record: withSignatureText(a(39, {}), (jws) => {
        const [header, , signature] = jws.split('.') as [string, string, string];
        return `${header}..${signature.replace(/-/g, '+').replace(/_/g, '/')}`;
      }),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'non-canonical-signature-encoding',
      description:
        'An unused trailing bit of the signature part set: the same 64 bytes, another string. Only the canonical encoding is accepted, so nobody can alter ce_signature without altering its bytes: MALFORMED_SIGNATURE.',
      record: withSignatureText(a(40, {}), (jws) => {
        const [header, , signature] = jws.split('.') as [string, string, string];
        return `${header}..${setTrailingBit(signature)}`;
      }),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'non-canonical-header-encoding',
      description:
        'The protected header part with an unused trailing bit set, and signed that way: MALFORMED_SIGNATURE.',
      record: (() => {
        const record = a(41, {});
        // A trailing space (JSON whitespace) where needed, so the header length leaves unused bits.
        let json = protectedHeaderBytes(record).toString('utf8');
        while (Buffer.byteLength(json) % 3 === 0) json += ' ';
        const encoded = setTrailingBit(Buffer.from(json, 'utf8').toString('base64url'));
        const signature = sign(null, signingInput(encoded, record.value), keyA1);
        return {
          ...record,
          headers: { ...record.headers, [SIGNATURE_HEADER]: detachedCompactJws(encoded, signature) },
        };
      })(),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'protected-header-duplicate-member',
      description:
        'The signed protected header names kid twice (publisher B first, publisher A last): a parser keeping the first and one keeping the last disagree, so it is MALFORMED_SIGNATURE.',
      record: withHeaderText(42, (json) => json.replace('"kid":', `"kid":"${DID_B}#key-1","kid":`)),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'protected-header-bom',
      description: 'The signed protected header starts with a UTF-8 byte order mark: MALFORMED_SIGNATURE.',
      record: withHeaderText(43, (json) => Buffer.concat([BOM, Buffer.from(json, 'utf8')])),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'value-duplicate-member',
      description:
        'The signed value names amount twice ("1", then "1250"): one reader would pay 1, another 1250. Not I-JSON: SCHEMA_INVALID.',
      record: withValue(44, sampleWith('"amount":"1","amount":"1250"')),
      expected: reject('SCHEMA_INVALID'),
    },
    {
      name: 'value-escaped-duplicate-member',
      description:
        'The signed value names amount twice, once escaped as \\u0061mount: names are compared after unescaping, SCHEMA_INVALID.',
      record: withValue(45, sampleWith('"amount":"1","\\u0061mount":"1250"')),
      expected: reject('SCHEMA_INVALID'),
    },
    {
      name: 'value-bom',
      description: 'The signed value starts with a UTF-8 byte order mark: not I-JSON, SCHEMA_INVALID.',
      record: withValue(46, Buffer.concat([BOM, Buffer.from(JSON.stringify(SAMPLE), 'utf8')])),
      expected: reject('SCHEMA_INVALID'),
    },
    {
      name: 'value-lone-surrogate',
      description:
        'A string of the signed value holds a lone surrogate (\\ud800): not I-JSON, SCHEMA_INVALID.',
      record: withValue(47, '{"sampleId":"S-\\ud800","amount":"1250","currency":"EUR"}'),
      expected: reject('SCHEMA_INVALID'),
    },
    {
      name: 'value-noncharacter',
      description:
        'A string of the signed value holds the noncharacter U+FFFF (\\uffff): not I-JSON, SCHEMA_INVALID.',
      record: withValue(48, '{"sampleId":"S-\\uffff","amount":"1250","currency":"EUR"}'),
      expected: reject('SCHEMA_INVALID'),
    },
    {
      name: 'kid-with-query',
      description:
        'kid has a query (did:web:...?versionId=1#key-1): kid is exactly the DID, #, and a fragment, MALFORMED_SIGNATURE.',
      record: resign(a(49, {}), keyA1, (h) => (h.kid = `${DID_A}?versionId=1#key-1`)),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'kid-empty-fragment',
      description: 'kid ends with an empty fragment (did:web:...#): MALFORMED_SIGNATURE.',
      record: resign(a(50, {}), keyA1, (h) => (h.kid = `${DID_A}#`)),
      expected: reject('MALFORMED_SIGNATURE'),
    },
    {
      name: 'weak-key-small-order',
      description:
        'The publisher lists the identity point as its key; the signature (R = identity, S = 0) is a forgery that plain Ed25519 verification accepts for any message. The key is refused: UNSUPPORTED_KEY.',
      record: forgedForWeakKey(51, 'key-1'),
      expected: reject('UNSUPPORTED_KEY'),
    },
    {
      name: 'weak-key-non-canonical',
      description:
        'The publisher lists the identity point encoded non-canonically (y = p + 1); the same forgery. UNSUPPORTED_KEY.',
      record: forgedForWeakKey(52, 'key-2'),
      expected: reject('UNSUPPORTED_KEY'),
    },
    {
      name: 'signature-small-order-r',
      description:
        "Signed by publisher A's real key with R = the identity point (S = H(R, A, M) * a mod L, which satisfies the verification equation): R of small order, BAD_SIGNATURE.",
      record: withSignatureBytes(53, (_signature, message) => signWithIdentityR(keyA1, message)),
      expected: reject('BAD_SIGNATURE'),
    },
    {
      name: 'signature-s-not-reduced',
      description:
        'A valid signature with S + L in place of S: S must be below the group order L, BAD_SIGNATURE.',
      record: withSignatureBytes(54, (signature) => withUnreducedS(signature)),
      expected: reject('BAD_SIGNATURE'),
    },
    {
      name: 'did-resolution-transient',
      description:
        "The publisher DID's resolution fails with internalError (its host answers 503): DID_RESOLUTION_FAILED, transient (retry; a consumer may dead-letter it after giving up).",
      record: signer(keyGhost, `${DID_FLAKY}#key-1`, DID_FLAKY)(55, {}),
      expected: { verdict: 'reject', reason: 'DID_RESOLUTION_FAILED', transient: true },
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
      headers: c.headers ?? c.record.headers,
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
