import type { DIDDocument } from 'did-resolver';

import {
  canonicalJson,
  DID_OPERATION_JWS_TYPE,
  didDpiFromPublicKey,
  didKeyDocument,
  didKeyFromPublicKey,
  didKeyVerificationMethodId,
  didOperationPayload,
  ed25519MultibaseFromPublicKey,
  generateEd25519KeyPair,
  signCompactJws,
} from '@dpi/did';

import { verifyOperationProof } from './did-proof.verifier';

const owner = generateEd25519KeyPair();
const DID = didDpiFromPublicKey(owner.publicKey);
const method = (id: string, key = owner.publicKey) => ({
  id,
  type: 'Multikey',
  controller: DID,
  publicKeyMultibase: ed25519MultibaseFromPublicKey(key),
});
const document: DIDDocument = {
  id: DID,
  verificationMethod: [method(`${DID}#key-1`), method(`${DID}#auth`)],
  capabilityInvocation: [`${DID}#key-1`],
  authentication: [`${DID}#auth`],
};
const payload = didOperationPayload({
  operation: 'update',
  did: DID,
  previousVersionId: '1',
  document: { id: DID },
});
const sign = (kid: string, privateKey = owner.privateKey, body: object = payload, extra: object = {}) =>
  signCompactJws({ kid, typ: DID_OPERATION_JWS_TYPE, ...extra }, canonicalJson(body), privateKey);
const noController = async () => undefined;

describe('verifyOperationProof', () => {
  it('accepts a JWS by a capabilityInvocation key over exactly this operation (alg Ed25519 or EdDSA)', async () => {
    await expect(
      verifyOperationProof(sign(`${DID}#key-1`), payload, document, noController),
    ).resolves.toMatchObject({ kid: `${DID}#key-1` });
    await expect(
      verifyOperationProof(
        sign(`${DID}#key-1`, owner.privateKey, payload, { alg: 'EdDSA' }),
        payload,
        document,
        noController,
      ),
    ).resolves.toBeDefined();
  });

  it.each([
    ['garbage', () => 'not-a-jws', 'INVALID_SIGNATURE'],
    ['no kid', () => signCompactJws({}, canonicalJson(payload), owner.privateKey), 'INVALID_SIGNATURE'],
    [
      'another typ',
      () => sign(`${DID}#key-1`, owner.privateKey, payload, { typ: 'JWT' }),
      'INVALID_SIGNATURE',
    ],
    [
      'another payload (stale version)',
      () => sign(`${DID}#key-1`, owner.privateKey, { ...payload, previousVersionId: '2' }),
      'INVALID_SIGNATURE',
    ],
    [
      'a signature by another key',
      () => sign(`${DID}#key-1`, generateEd25519KeyPair().privateKey),
      'INVALID_SIGNATURE',
    ],
    ['a key not under capabilityInvocation', () => sign(`${DID}#auth`), 'NOT_AUTHORIZED'],
    ['an unknown key', () => sign(`${DID}#key-9`), 'NOT_AUTHORIZED'],
    [
      'a key of a DID that is no controller',
      () => sign('did:dpi:LeeSNtAvGgEYGxjDCvrdVB#key-1'),
      'NOT_AUTHORIZED',
    ],
  ])('refuses %s', async (_name, jws, code) => {
    await expect(verifyOperationProof(jws(), payload, document, noController)).rejects.toMatchObject({
      code,
    });
  });

  it('accepts a capabilityInvocation key of a controller DID (here a did:key)', async () => {
    const city = generateEd25519KeyPair();
    const cityDid = didKeyFromPublicKey(city.publicKey);
    const controlled = { ...document, controller: [DID, cityDid] };
    const jws = sign(didKeyVerificationMethodId(cityDid), city.privateKey);
    await expect(
      verifyOperationProof(jws, payload, controlled, async (did) => didKeyDocument(did)),
    ).resolves.toMatchObject({ kid: didKeyVerificationMethodId(cityDid) });
    await expect(verifyOperationProof(jws, payload, controlled, noController)).rejects.toMatchObject({
      code: 'NOT_AUTHORIZED',
    });
  });

  it('insists on the inception key when one is required (create)', async () => {
    await expect(
      verifyOperationProof(sign(`${DID}#key-1`), payload, document, noController, `${DID}#other`),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
  });
});
