import type { IssueRequest, OrganisationRole } from '../credentials/credential.model';

/** Who issues an actor's credential: the registry's own issuer, or one of the city's issuing actors. */
export type DemoIssuer = 'registry-issuer' | 'city' | 'central-bank';

/** One actor of the demo city: an organisation with a role, or a pseudonymous resident. */
export type DemoActor =
  | {
      name: string;
      role: Exclude<OrganisationRole, 'data-provider'>;
      organisationName: string;
      issuedBy: DemoIssuer;
    }
  | { name: string; role: 'resident'; districtCode: string; issuedBy: DemoIssuer };

/**
 * The demo city, in seeding order (issuers first). Names double as keystore file names and seed labels,
 * so they never change: renaming one would give that actor a new key and DID. Residents carry no name,
 * only a district code.
 */
export const DEMO_CITY: readonly DemoActor[] = [
  { name: 'city', role: 'city', organisationName: 'Demo City', issuedBy: 'registry-issuer' },
  {
    name: 'central-bank',
    role: 'central-bank',
    organisationName: 'Demo City Central Bank',
    issuedBy: 'city',
  },
  { name: 'psp-harbour-bank', role: 'psp', organisationName: 'Harbour Bank', issuedBy: 'central-bank' },
  {
    name: 'psp-sunrise-wallet',
    role: 'psp',
    organisationName: 'Sunrise Mobile Wallet',
    issuedBy: 'central-bank',
  },
  { name: 'agency-tax-office', role: 'agency', organisationName: 'City Tax Office', issuedBy: 'city' },
  {
    name: 'agency-social-welfare',
    role: 'agency',
    organisationName: 'Social Welfare Agency',
    issuedBy: 'city',
  },
  { name: 'resident-1', role: 'resident', districtCode: 'D01', issuedBy: 'city' },
  { name: 'resident-2', role: 'resident', districtCode: 'D02', issuedBy: 'city' },
  { name: 'resident-3', role: 'resident', districtCode: 'D03', issuedBy: 'city' },
  { name: 'resident-4', role: 'resident', districtCode: 'D03', issuedBy: 'city' },
];

/** What is public about an actor: name, role, and its organisation name or district code. */
export function actorFacts(actor: DemoActor): Record<string, string> {
  return actor.role === 'resident'
    ? { name: actor.name, role: actor.role, districtCode: actor.districtCode }
    : { name: actor.name, role: actor.role, organisationName: actor.organisationName };
}

/** The seed label of an actor's key (see deriveSeedKey). */
export const actorKeyLabel = (actor: DemoActor): string => `demo-city/${actor.name}`;

/** The body of the POST /1.0/credentials/issue request that gives `actor` its credential. */
export function credentialRequest(actor: DemoActor, subjectDid: string, issuerDid: string): IssueRequest {
  return actor.role === 'resident'
    ? {
        type: 'ResidentCredential',
        issuer: issuerDid,
        credentialSubject: { id: subjectDid, districtCode: actor.districtCode },
      }
    : {
        type: 'OrganisationCredential',
        issuer: issuerDid,
        credentialSubject: { id: subjectDid, role: actor.role, name: actor.organisationName },
      };
}
