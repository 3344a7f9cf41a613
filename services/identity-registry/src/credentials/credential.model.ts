import { VC_V2_CONTEXT, type BitstringStatusListEntry, type StatusPurpose } from '@dpi/credentials';

/** The JSON Schema every credential of this registry names in credentialSchema (contracts/schemas). */
export const SANDBOX_CREDENTIAL_SCHEMA =
  'https://dpi-city-sandbox.example/contracts/schemas/credential-sandbox.schema.json';

/** The credential types the sandbox issues. */
export type SandboxCredentialType = 'OrganisationCredential' | 'ResidentCredential';

/** An organisation's role in the sandbox. */
export type OrganisationRole = 'psp' | 'agency' | 'central-bank' | 'city' | 'data-provider';

/** An organisation: its DID, role and public name. A resident: a pseudonymous DID and a district code, nothing more. */
export type CredentialSubject =
  { id: string; role: OrganisationRole; name?: string } | { id: string; districtCode: string };

/** The body of POST /1.0/credentials/verify (contracts/schemas/credential-verify-request.schema.json). */
export interface VerifyRequest {
  verifiableCredential: string;
}

/** A validated POST /1.0/credentials/issue body (contracts/schemas/credential-issue-request.schema.json). */
export interface IssueRequest {
  type: SandboxCredentialType;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  credentialSubject: CredentialSubject;
}

/** The credential as issued: the payload of its vc+jwt. */
export interface SandboxCredential {
  '@context': [typeof VC_V2_CONTEXT];
  id: string;
  type: ['VerifiableCredential', SandboxCredentialType];
  issuer: string;
  validFrom: string;
  validUntil: string;
  credentialSubject: CredentialSubject;
  credentialSchema: { id: string; type: 'JsonSchema' };
  credentialStatus: [BitstringStatusListEntry, BitstringStatusListEntry];
}

/** The status entry for bit `index` of the list at `listUrl`. */
export function statusEntry(
  purpose: StatusPurpose,
  listUrl: string,
  index: number,
): BitstringStatusListEntry {
  return {
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  };
}
