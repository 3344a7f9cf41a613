import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  didDpiFromPublicKey,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
  publicJwkFromKeyObject,
} from '@dpi/did';

import { DidDocumentValidator, DOCUMENT_LIMITS } from './did-document.validator';
import type { DidRegistryException } from './did-registry.exception';

const schema = JSON.parse(
  readFileSync(join(__dirname, '../../../../contracts/schemas/did-document.schema.json'), 'utf8'),
) as object;
const validator = new DidDocumentValidator(schema);
const { publicKey, privateKey } = generateEd25519KeyPair();
const DID = didDpiFromPublicKey(publicKey);
const multibase = ed25519MultibaseFromPublicKey(publicKey);
const minimal = () => ({
  verificationMethod: [{ id: '#key-1', type: 'Multikey', publicKeyMultibase: multibase }],
  capabilityInvocation: ['#key-1'],
});

function refusal(
  input: unknown,
  target: Parameters<DidDocumentValidator['validate']>[1] = { operation: 'create' },
): DidRegistryException {
  try {
    validator.validate(input, target);
  } catch (error) {
    return error as DidRegistryException;
  }
  throw new Error('expected a refusal');
}

describe('DidDocumentValidator', () => {
  it('derives the DID from the first capabilityInvocation key and normalises ids, controllers and @context', () => {
    const { did, document, inceptionKid } = validator.validate(minimal(), { operation: 'create' });
    expect(did).toBe(DID);
    expect(inceptionKid).toBe(`${DID}#key-1`);
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: DID,
      verificationMethod: [
        { id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: multibase },
      ],
      capabilityInvocation: [`${DID}#key-1`],
    });
  });

  it('accepts JsonWebKey and the legacy types, and keeps an absolute document as it is', () => {
    const jwk = publicJwkFromKeyObject(publicKey);
    const document = {
      '@context': ['https://www.w3.org/ns/did/v1.1'],
      id: DID,
      verificationMethod: [
        { id: `${DID}#jwk`, type: 'JsonWebKey', controller: DID, publicKeyJwk: jwk },
        {
          id: `${DID}#legacy`,
          type: 'Ed25519VerificationKey2020',
          controller: DID,
          publicKeyMultibase: multibase,
        },
        { id: `${DID}#legacy-jwk`, type: 'JsonWebKey2020', controller: DID, publicKeyJwk: jwk },
      ],
      capabilityInvocation: [`${DID}#jwk`],
      service: [
        {
          id: `${DID}#home`,
          type: 'LinkedDomains',
          serviceEndpoint: ['https://example.com', 'http://localhost:8080'],
        },
      ],
    };
    expect(validator.validate(document, { operation: 'create' }).document).toEqual(document);
  });

  it('refuses private key material anywhere, naming where and never what', () => {
    const secret = privateKey.export({ format: 'jwk' }).d as string;
    const error = refusal({
      ...minimal(),
      verificationMethod: [
        {
          id: '#k',
          type: 'JsonWebKey',
          publicKeyJwk: { ...publicJwkFromKeyObject(publicKey), ['d']: secret },
        },
      ],
    });
    expect(error.code).toBe('PRIVATE_KEY_MATERIAL');
    expect(error.message).toContain('didDocument.verificationMethod[0].publicKeyJwk.d');
    expect(JSON.stringify({ message: error.message, extensions: error.extensions })).not.toContain(secret);
    expect(
      refusal({
        ...minimal(),
        verificationMethod: [{ id: '#k', type: 'Multikey', privateKeyMultibase: 'z1' }],
      }).code,
    ).toBe('PRIVATE_KEY_MATERIAL');
  });

  it.each([
    [
      'a P-256 JWK',
      { id: '#key-1', type: 'JsonWebKey', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' } },
    ],
    [
      'an X25519 multikey',
      {
        id: '#key-1',
        type: 'Multikey',
        publicKeyMultibase: 'z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW',
      },
    ],
    [
      'an unknown type',
      { id: '#key-1', type: 'EcdsaSecp256k1VerificationKey2019', publicKeyMultibase: multibase },
    ],
    [
      'a type with the wrong key form',
      { id: '#key-1', type: 'Multikey', publicKeyJwk: publicJwkFromKeyObject(publicKey) },
    ],
    [
      'a short JWK x',
      { id: '#key-1', type: 'JsonWebKey', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' } },
    ],
  ])('refuses %s as UNSUPPORTED_KEY_TYPE', (_name, method) => {
    expect(refusal({ verificationMethod: [method], capabilityInvocation: ['#key-1'] }).code).toBe(
      'UNSUPPORTED_KEY_TYPE',
    );
  });

  it('refuses documents over the size limit and structural errors with field paths', () => {
    const big = {
      ...minimal(),
      alsoKnownAs: Array.from(
        { length: 10 },
        (_, i) => `https://example.com/${i}/${'x'.repeat(DOCUMENT_LIMITS.maxBytes / 9)}`,
      ),
    };
    expect(refusal(big).code).toBe('DOCUMENT_TOO_LARGE');
    const structural = refusal({
      ...minimal(),
      verificationMethod: [{ id: '#key-1', type: 'Multikey', publicKeyMultibase: multibase, extra: 1 }],
      colour: 'red',
    });
    expect(structural.code).toBe('INVALID_DID_DOCUMENT');
    expect(structural.extensions.errors).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'is not a member this registry accepts' },
        { field: 'verificationMethod[0].extra', message: 'is not a member this registry accepts' },
      ]),
    );
    expect(refusal('not an object').code).toBe('INVALID_DID_DOCUMENT');
  });

  it('refuses inconsistent documents: foreign ids, dangling references, duplicates, plain http endpoints, no capabilityInvocation', () => {
    const error = refusal({
      ...minimal(),
      verificationMethod: [
        { id: '#key-1', type: 'Multikey', publicKeyMultibase: multibase },
        { id: '#key-1', type: 'Multikey', publicKeyMultibase: multibase },
        { id: 'did:dpi:Other1111111111111111#k', type: 'Multikey', publicKeyMultibase: multibase },
      ],
      authentication: ['#nowhere'],
      service: [{ id: '#s', type: 'X', serviceEndpoint: 'http://example.com' }],
      controller: 'not-a-did',
    });
    expect(error.code).toBe('INVALID_DID_DOCUMENT');
    expect((error.extensions.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      'didDocument.controller[0]',
      'didDocument.verificationMethod[1].id',
      'didDocument.verificationMethod[2].id',
      'didDocument.authentication[0]',
      'didDocument.service[0].serviceEndpoint',
    ]);
    expect(refusal({ verificationMethod: minimal().verificationMethod }).code).toBe('INVALID_DID_DOCUMENT');
  });

  it('refuses an id that is not the derived DID on create, and a changed id on update', () => {
    expect(refusal({ ...minimal(), id: 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB' }).code).toBe('DID_MISMATCH');
    expect(
      refusal({ ...minimal(), id: 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB' }, { operation: 'update', did: DID }).code,
    ).toBe('INVALID_DID_DOCUMENT');
    const other = generateEd25519KeyPair().publicKey;
    const rotated = {
      verificationMethod: [
        { id: '#key-2', type: 'Multikey', publicKeyMultibase: ed25519MultibaseFromPublicKey(other) },
      ],
      capabilityInvocation: ['#key-2'],
    };
    expect(validator.validate(rotated, { operation: 'update', did: DID }).did).toBe(DID);
  });
});
