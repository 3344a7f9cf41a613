import type { ErrorObject, ValidateFunction } from 'ajv';
import type { DIDDocument, Service, VerificationMethod } from 'did-resolver';

import {
  canonicalJson,
  didDpiFromPublicKey,
  ed25519PublicKeyFromMultibase,
  isDid,
  parseDidUrl,
  publicKeyFromVerificationMethod,
} from '@dpi/did';
import { createJsonSchemaAjv } from '@dpi/messaging';
import type { FieldError } from '@dpi/service-kit';

import { DidRegistryException } from './did-registry.exception';

/** The registry's size limits (also in contracts/schemas/did-document.schema.json and the method spec). */
export const DOCUMENT_LIMITS = { maxBytes: 16_384 } as const;

const RELATIONSHIPS = [
  'authentication',
  'assertionMethod',
  'keyAgreement',
  'capabilityInvocation',
  'capabilityDelegation',
] as const;
const DID_CONTEXTS = new Set(['https://www.w3.org/ns/did/v1', 'https://www.w3.org/ns/did/v1.1']);
const SUITE_CONTEXTS: Record<string, string> = {
  JsonWebKey: 'https://w3id.org/security/jwk/v1',
  JsonWebKey2020: 'https://w3id.org/security/suites/jws-2020/v1',
  Multikey: 'https://w3id.org/security/multikey/v1',
  Ed25519VerificationKey2020: 'https://w3id.org/security/suites/ed25519-2020/v1',
};
const JWK_TYPES = new Set(['JsonWebKey', 'JsonWebKey2020']);
const PRIVATE_MEMBERS = new Set([
  'privateKeyJwk',
  'privateKeyMultibase',
  'privateKeyBase58',
  'privateKeyHex',
  'privateKeyPem',
]);
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const FRAGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@/?-]+$/;

/** What validation gives: the DID, the normalised document (absolute ids) and, on create, the inception key id. */
export interface ValidatedDocument {
  did: string;
  document: DIDDocument;
  inceptionKid?: string;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Throws PRIVATE_KEY_MATERIAL naming where a private key is, never what it is. */
export function refusePrivateKeyMaterial(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => refusePrivateKeyMaterial(item, `${path}[${index}]`));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if ((key === 'd' && 'kty' in value) || PRIVATE_MEMBERS.has(key)) {
      throw new DidRegistryException(
        'PRIVATE_KEY_MATERIAL',
        `${field} is private key material. This registry only ever takes public keys: send a JWK with kty, crv and x only (no "d") or a publicKeyMultibase. The private key has now left your machine, so generate a new key pair and use that one.`,
        { errors: [{ field, message: 'private key material is never accepted' }] },
      );
    }
    refusePrivateKeyMaterial(item, field);
  }
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (field, token) => (/^\d+$/.test(token) ? `${field}[${token}]` : field ? `${field}.${token}` : token),
      '',
    );
  return error.keyword === 'additionalProperties'
    ? `${path ? `${path}.` : ''}${String(error.params.additionalProperty)}`
    : path || '(document)';
}

/** Ajv errors as field errors, without any value from the document (it may hold anything). */
export function schemaErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  const seen = new Set<string>();
  return (errors ?? [])
    .filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'if')
    .map((error) => ({
      field: fieldOf(error),
      message:
        error.keyword === 'additionalProperties'
          ? 'is not a member this registry accepts'
          : (error.message ?? 'is invalid'),
    }))
    .filter(
      ({ field, message }) => !seen.has(`${field} ${message}`) && Boolean(seen.add(`${field} ${message}`)),
    );
}

/** Compiles a contracts/schemas JSON Schema (2020-12, formats checked). */
export function compileContractSchema(schema: object): ValidateFunction {
  return createJsonSchemaAjv({ dialect: '2020-12', allErrors: true }).compile(schema);
}

/**
 * Validates and normalises a DID document for did:dpi (contracts/specs/did-method.md, "DID documents"):
 * structure against the contract schema, no private key material, Ed25519 keys only, every reference
 * resolving inside the document, ids of this DID, https service endpoints (http for localhost only).
 */
export class DidDocumentValidator {
  private readonly validateSchema: ValidateFunction;

  constructor(documentSchema: object) {
    this.validateSchema = compileContractSchema(documentSchema);
  }

  /** On create the DID is derived from the inception key; on update it must be `did`. */
  validate(
    input: unknown,
    target: { operation: 'create' } | { operation: 'update'; did: string },
  ): ValidatedDocument {
    refusePrivateKeyMaterial(input, 'didDocument');
    if (!isObject(input))
      throw new DidRegistryException('INVALID_DID_DOCUMENT', 'didDocument must be a JSON object.');
    const bytes = Buffer.byteLength(canonicalJson(input), 'utf8');
    if (bytes > DOCUMENT_LIMITS.maxBytes)
      throw new DidRegistryException(
        'DOCUMENT_TOO_LARGE',
        `The DID document is ${bytes} bytes; the registry keeps documents of at most ${DOCUMENT_LIMITS.maxBytes} bytes. Move large data behind a service endpoint.`,
      );
    if (!this.validateSchema(input)) {
      const errors = schemaErrors(this.validateSchema.errors);
      throw new DidRegistryException(
        'INVALID_DID_DOCUMENT',
        `The DID document does not follow the accepted structure (${errors.length} problem${errors.length === 1 ? '' : 's'}); see errors.`,
        { errors },
      );
    }
    const unsupported = this.firstUnsupportedKey(input);
    if (unsupported) throw unsupported;
    const did = target.operation === 'create' ? this.deriveDid(input) : target.did;
    if (input.id !== undefined && input.id !== did) {
      throw new DidRegistryException(
        target.operation === 'create' ? 'DID_MISMATCH' : 'INVALID_DID_DOCUMENT',
        target.operation === 'create'
          ? `didDocument.id is ${String(input.id)}, but the first capabilityInvocation key derives ${did}; a did:dpi DID is derived from its inception key (leave id out and the registry fills it in).`
          : `didDocument.id must stay ${did}; an update cannot change the DID.`,
      );
    }
    const document = normalise(input, did);
    const errors = semanticErrors(document, did);
    if (errors.length > 0)
      throw new DidRegistryException(
        'INVALID_DID_DOCUMENT',
        `The DID document is not consistent (${errors.length} problem${errors.length === 1 ? '' : 's'}); see errors.`,
        { errors },
      );
    const inception = firstCapabilityInvocation(document);
    return {
      did,
      document,
      ...(target.operation === 'create' && inception ? { inceptionKid: inception.id } : {}),
    };
  }

  private firstUnsupportedKey(input: Json): DidRegistryException | undefined {
    for (const [field, method] of methodsOf(input)) {
      try {
        if (!(String(method.type) in SUITE_CONTEXTS))
          throw new Error(`verification method type ${String(method.type)} is not supported`);
        const jwk = method.publicKeyJwk as Json | undefined;
        const hasJwk = jwk !== undefined;
        if (hasJwk === (method.publicKeyMultibase !== undefined))
          throw new Error('needs exactly one of publicKeyJwk or publicKeyMultibase');
        if (hasJwk !== JWK_TYPES.has(String(method.type)))
          throw new Error(
            `type ${String(method.type)} goes with ${JWK_TYPES.has(String(method.type)) ? 'publicKeyJwk' : 'publicKeyMultibase'}`,
          );
        if (hasJwk && (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519'))
          throw new Error(
            `a ${String(jwk.kty)}/${String(jwk.crv)} key is not supported; use an Ed25519 key (kty OKP, crv Ed25519)`,
          );
        if (hasJwk && Buffer.from(String(jwk.x ?? ''), 'base64url').length !== 32)
          throw new Error('x must be the 32-byte Ed25519 public key in base64url');
        if (!hasJwk) ed25519PublicKeyFromMultibase(String(method.publicKeyMultibase));
        publicKeyFromVerificationMethod(method as unknown as VerificationMethod);
      } catch (error) {
        return new DidRegistryException(
          'UNSUPPORTED_KEY_TYPE',
          `${field}: ${(error as Error).message}. The registry accepts Ed25519 keys only, as JsonWebKey (publicKeyJwk) or Multikey (publicKeyMultibase z6Mk...).`,
          { errors: [{ field, message: (error as Error).message }] },
        );
      }
    }
    return undefined;
  }

  private deriveDid(input: Json): string {
    const inception = firstCapabilityInvocation(input as unknown as DIDDocument);
    if (!inception)
      throw new DidRegistryException(
        'INVALID_DID_DOCUMENT',
        'A new did:dpi document needs at least one key under capabilityInvocation: the first one is the inception key the DID is derived from and the key that signs the create.',
        {
          errors: [
            { field: 'didDocument.capabilityInvocation', message: 'must list the inception key first' },
          ],
        },
      );
    return didDpiFromPublicKey(publicKeyFromVerificationMethod(inception));
  }
}

/** Every verification method of a document (listed and embedded) with its field path. */
function methodsOf(document: Json): Array<[string, Json]> {
  const found: Array<[string, Json]> = [];
  (document.verificationMethod as Json[] | undefined)?.forEach((method, i) =>
    found.push([`didDocument.verificationMethod[${i}]`, method]),
  );
  for (const relationship of RELATIONSHIPS) {
    (document[relationship] as unknown[] | undefined)?.forEach((entry, i) => {
      if (isObject(entry)) found.push([`didDocument.${relationship}[${i}]`, entry]);
    });
  }
  return found;
}

function absolute(id: string, did: string): string {
  return id.startsWith('#') ? `${did}${id}` : id;
}

/** The first capabilityInvocation method (embedded, or the listed method it references). */
export function firstCapabilityInvocation(document: DIDDocument): VerificationMethod | undefined {
  const first = document.capabilityInvocation?.[0];
  if (first === undefined) return undefined;
  if (typeof first !== 'string') return first;
  const fragment = (id: string): string => id.slice(id.indexOf('#'));
  // Before normalisation either side may be relative (#key-1).
  return document.verificationMethod?.find(
    (method) =>
      method.id === first ||
      (first.startsWith('#') && fragment(method.id) === first) ||
      (method.id.startsWith('#') && fragment(first) === method.id),
  );
}

function normaliseMethod(method: Json, did: string): VerificationMethod {
  return {
    ...method,
    id: absolute(String(method.id), did),
    controller: String(method.controller ?? did),
  } as VerificationMethod;
}

/** Absolute ids and references, controllers filled in, @context with the DID and key-suite contexts. */
function normalise(input: Json, did: string): DIDDocument {
  const methods = methodsOf(input).map(([, method]) => String(method.type));
  const { '@context': context, id: _id, ...rest } = input;
  // @context and id first, as people expect to read a DID document.
  const document: Json = {
    '@context': context ?? [
      'https://www.w3.org/ns/did/v1',
      ...new Set(methods.map((type) => SUITE_CONTEXTS[type] as string)),
    ],
    id: did,
    ...rest,
  };
  if (Array.isArray(input.verificationMethod))
    document.verificationMethod = (input.verificationMethod as Json[]).map((method) =>
      normaliseMethod(method, did),
    );
  for (const relationship of RELATIONSHIPS) {
    const entries = input[relationship] as unknown[] | undefined;
    if (entries)
      document[relationship] = entries.map((entry) =>
        isObject(entry) ? normaliseMethod(entry, did) : absolute(String(entry), did),
      );
  }
  if (Array.isArray(input.service))
    document.service = (input.service as Json[]).map((service) => ({
      ...service,
      id: absolute(String(service.id), did),
    }));
  return document as unknown as DIDDocument;
}

function ownFragment(id: string, did: string): boolean {
  return id.startsWith(`${did}#`) && FRAGMENT.test(id.slice(did.length + 1));
}

function endpointAllowed(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
  } catch {
    return false;
  }
}

/** Consistency rules a schema cannot express, as field errors. */
function semanticErrors(document: DIDDocument, did: string): FieldError[] {
  const errors: FieldError[] = [];
  const context = document['@context'];
  const first = Array.isArray(context) ? context[0] : context;
  if (typeof first !== 'string' || !DID_CONTEXTS.has(first))
    errors.push({
      field: 'didDocument.@context',
      message: 'must start with https://www.w3.org/ns/did/v1 (or /v1.1)',
    });
  const controllers = document.controller === undefined ? [] : ([] as string[]).concat(document.controller);
  controllers.forEach((controller, i) => {
    if (!isDid(controller)) errors.push({ field: `didDocument.controller[${i}]`, message: 'must be a DID' });
  });
  const ids = new Set<string>();
  const listed = new Set((document.verificationMethod ?? []).map((method) => method.id));
  methodsOf(document as unknown as Json).forEach(([field, method]) => {
    const id = String(method.id);
    if (!ownFragment(id, did))
      errors.push({ field: `${field}.id`, message: `must be ${did}#<fragment> (or #<fragment>)` });
    if (ids.has(id))
      errors.push({ field: `${field}.id`, message: 'is the id of another verification method' });
    ids.add(id);
    if (!isDid(String(method.controller)))
      errors.push({ field: `${field}.controller`, message: 'must be a DID' });
  });
  for (const relationship of RELATIONSHIPS) {
    (document[relationship] ?? []).forEach((entry, i) => {
      if (typeof entry === 'string' && !listed.has(entry))
        errors.push({
          field: `didDocument.${relationship}[${i}]`,
          message: 'references no verificationMethod of this document',
        });
    });
  }
  (document.service ?? []).forEach((service: Service, i) => {
    if (!ownFragment(service.id, did))
      errors.push({ field: `didDocument.service[${i}].id`, message: `must be ${did}#<fragment>` });
    if (ids.has(service.id)) errors.push({ field: `didDocument.service[${i}].id`, message: 'is used twice' });
    ids.add(service.id);
    const endpoints = ([] as unknown[]).concat(service.serviceEndpoint);
    if (endpoints.some((endpoint) => typeof endpoint !== 'string' || !endpointAllowed(endpoint)))
      errors.push({
        field: `didDocument.service[${i}].serviceEndpoint`,
        message: 'must be https URLs (http only for localhost, 127.0.0.1 or [::1])',
      });
  });
  if (
    (document.capabilityInvocation ?? []).length === 0 &&
    controllers.every((controller) => controller === did)
  )
    errors.push({
      field: 'didDocument.capabilityInvocation',
      message: 'must list a key, or controller must name another DID, or nobody could ever update this DID',
    });
  if (parseDidUrl(did)?.did !== did) errors.push({ field: 'didDocument.id', message: 'must be a DID' });
  return errors;
}
