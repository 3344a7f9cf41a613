import type { KeyObject } from 'node:crypto';
import {
  didOperationSigningInput,
  signDidSigningRequest,
  type DidSigningRequest,
} from './did-operation.util';

/** One registrar HTTP answer: its status and JSON body. */
export interface RegistrarReply {
  status: number;
  body: Record<string, unknown>;
}

interface ActionState {
  state: string;
  signingRequest?: Record<string, DidSigningRequest>;
}

/**
 * A client of the registry's Universal Registrar API that keeps its keys: each operation asks for a
 * signing request, signs it locally with an Ed25519 private KeyObject and sends the signature back.
 */
export class DidDpiRegistrarClient {
  constructor(
    private readonly registryUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Creates a DID; the document's first capabilityInvocation key must be `privateKey`'s. */
  create(didDocument: object, privateKey: KeyObject): Promise<RegistrarReply> {
    return this.signed('/1.0/create?method=dpi', { didDocument }, privateKey);
  }

  /** Replaces the DID document, signed with a capabilityInvocation key of the current version. */
  update(did: string, didDocument: object, privateKey: KeyObject, kid?: string): Promise<RegistrarReply> {
    return this.signed('/1.0/update', { did, didDocument }, privateKey, kid);
  }

  /** Deactivates the DID for good. */
  deactivate(did: string, privateKey: KeyObject, kid?: string): Promise<RegistrarReply> {
    return this.signed('/1.0/deactivate', { did }, privateKey, kid);
  }

  /** POSTs a registrar request as is (JSON). */
  async call(path: string, body: unknown): Promise<RegistrarReply> {
    const response = await this.fetchImpl(new URL(path, this.registryUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Both steps: the request, then the same request with its jobId and the signature. */
  private async signed(
    path: string,
    request: Record<string, unknown>,
    privateKey: KeyObject,
    kid?: string,
  ): Promise<RegistrarReply> {
    const asked = await this.call(path, request);
    const state = asked.body.didState as ActionState | undefined;
    const signingRequest = state?.signingRequest?.signingRequest1;
    if (asked.status !== 200 || state?.state !== 'action' || !signingRequest) return asked;
    // Another key than the suggested one changes the signed header (its kid), so the bytes to sign too.
    const serializedPayload =
      kid && kid !== signingRequest.kid
        ? Buffer.from(didOperationSigningInput(signingRequest.payload, kid), 'ascii').toString('base64url')
        : signingRequest.serializedPayload;
    const response = signDidSigningRequest(
      { serializedPayload, kid: kid ?? signingRequest.kid, alg: 'Ed25519' },
      privateKey,
    );
    return this.call(path, {
      ...request,
      jobId: asked.body.jobId,
      secret: { signingResponse: { signingRequest1: response } },
    });
  }
}
