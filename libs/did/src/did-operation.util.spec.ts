import { verify } from 'node:crypto';
import { canonicalJson } from './canonical-json.util';
import { parseCompactJws, verifyCompactJws } from './compact-jws.util';
import {
  didDocumentHash,
  didOperationJws,
  didOperationPayload,
  didSigningRequest,
  signDidSigningRequest,
} from './did-operation.util';
import { generateEd25519KeyPair } from './ed25519-key.util';

const DID = 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB';
const document = { id: DID, verificationMethod: [] };

describe('did:dpi operation proofs', () => {
  it('hashes the canonical JSON of the document, whatever the member order', () => {
    expect(didDocumentHash({ verificationMethod: [], id: DID })).toBe(didDocumentHash(document));
    expect(didDocumentHash(document)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('builds each operation payload with only the members it needs', () => {
    expect(didOperationPayload({ operation: 'create', did: DID, document })).toEqual({
      operation: 'create',
      did: DID,
      documentHash: didDocumentHash(document),
    });
    expect(didOperationPayload({ operation: 'update', did: DID, previousVersionId: '1', document })).toEqual({
      operation: 'update',
      did: DID,
      previousVersionId: '1',
      documentHash: didDocumentHash(document),
    });
    expect(didOperationPayload({ operation: 'deactivate', did: DID, previousVersionId: '2' })).toEqual({
      operation: 'deactivate',
      did: DID,
      previousVersionId: '2',
    });
  });

  it('turns a signing request and its response into a compact JWS that verifies', () => {
    const { publicKey, privateKey } = generateEd25519KeyPair();
    const payload = didOperationPayload({ operation: 'create', did: DID, document });
    const request = didSigningRequest(payload, `${DID}#key-1`);
    expect(request).toMatchObject({ alg: 'Ed25519', kid: `${DID}#key-1`, purpose: 'capabilityInvocation' });
    const response = signDidSigningRequest(request, privateKey);
    expect(
      verify(
        null,
        Buffer.from(request.serializedPayload, 'base64url'),
        publicKey,
        Buffer.from(response.signature, 'base64url'),
      ),
    ).toBe(true);
    const jws = didOperationJws(payload, response);
    expect(verifyCompactJws(jws, publicKey).payload.toString()).toBe(canonicalJson(payload));
    expect(parseCompactJws(jws).header).toEqual({
      alg: 'Ed25519',
      kid: `${DID}#key-1`,
      typ: 'dpi-did-operation+jws',
    });
    // A standard-base64 signature completes the same JWS.
    expect(
      didOperationJws(payload, {
        ...response,
        signature: Buffer.from(response.signature, 'base64url').toString('base64'),
      }),
    ).toBe(jws);
  });
});
