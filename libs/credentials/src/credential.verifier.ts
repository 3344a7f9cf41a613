import type { DIDDocument } from 'did-resolver';

import {
  findVerificationMethod,
  isEd25519Algorithm,
  JwsError,
  parseCompactJws,
  parseDidUrl,
  publicKeyFromVerificationMethod,
  systemClock,
  verifyCompactJws,
  type Clock,
  type ParsedJws,
} from '@dpi/did';

import { CredentialStatusChecker } from './credential-status.checker';
import { VC_V2_CONTEXT } from './credential.model';
import type { IssuerResolver } from './issuer.resolver';
import type { IssuerTrustPolicy } from './issuer-trust.policy';
import type { StatusListSource } from './status-list.source';
import { VC_JWT_CONTENT_TYPE, VC_JWT_TYPE } from './vc-jwt.util';
import { VerdictBuilder } from './verdict.builder';
import type { Verdict } from './verdict.model';

/** What a verifier relies on. */
export interface CredentialVerifierOptions {
  /** Resolves issuer DIDs (issuerResolverFrom(new DidResolutionService(...)) outside the registry). */
  issuers: IssuerResolver;
  /**
   * Reads status list bits (a StatusListFetcher outside the registry). null only for a verifier of
   * credentials that carry no status, such as status lists themselves: a credentialStatus then fails
   * with STATUS_RETRIEVAL_ERROR rather than pass unchecked.
   */
  statusLists: StatusListSource | null;
  /** The time validFrom and validUntil are compared with; the wall clock by default. */
  clock?: Clock;
  /** Which issuers are accepted for which credentials; without one any issuer whose DID resolves is. */
  trust?: IssuerTrustPolicy;
}

/** What the caller expects of this credential: its type and the subject's role (one of `role`). */
export interface CredentialExpectation {
  type?: string;
  role?: string | readonly string[];
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Verifies a vc+jwt (VC-JOSE-COSE) and says why it is or is not accepted: the JOSE header (alg, typ,
 * cty, kid), the credential's shape (VC 2.0), the caller's expectation and trust policy, the issuer's
 * DID resolved with the kid listed under assertionMethod, the signature, the validity period against
 * the clock, and the status list bits. Every problem found is reported, not only the first.
 */
export class CredentialVerifier {
  private readonly status: CredentialStatusChecker | null;
  private readonly clock: Clock;

  constructor(private readonly options: CredentialVerifierOptions) {
    this.status = options.statusLists ? new CredentialStatusChecker(options.statusLists) : null;
    this.clock = options.clock ?? systemClock;
  }

  /** Verifies a vc+jwt (compact JWS); `expect` adds TYPE_MISMATCH / ROLE_MISMATCH checks. */
  async verify(verifiableCredential: string, expect: CredentialExpectation = {}): Promise<Verdict> {
    const findings = new VerdictBuilder();
    let parsed: ParsedJws;
    let credential: Json;
    try {
      parsed = parseCompactJws(verifiableCredential.trim());
      const payload = JSON.parse(parsed.payload.toString('utf8')) as unknown;
      if (!isObject(payload)) throw new SyntaxError('not an object');
      credential = payload;
    } catch (error) {
      const jws = error instanceof JwsError;
      findings.fail(
        'format',
        jws ? 'MALFORMED_JWS' : 'MALFORMED_PAYLOAD',
        jws
          ? `Not a vc+jwt: ${error.message}.`
          : 'The JWS payload is not a JSON object; a vc+jwt carries the credential itself as its payload.',
      );
      return findings.verdict(null, null, null);
    }
    findings.pass('format');
    const { kid, signable } = this.checkHeader(parsed, findings);
    const issuer = this.checkCredential(credential, findings);
    this.checkExpectation(credential, expect, findings);
    // An issuer the policy does not trust is not resolved and its status lists are not fetched: its
    // DID and URLs are the sender's choice, and looking them up would do the sender's bidding.
    const trusted = issuer !== null && this.checkTrust(credential, issuer, findings);
    // Without a DID URL kid there is no key to look up; without Ed25519 and crit-free, no signature to check.
    if (issuer && trusted && kid) await this.checkIssuerAndSignature(parsed, issuer, kid, signable, findings);
    this.checkValidity(credential, findings);
    if (issuer && trusted && credential.credentialStatus !== undefined) {
      if (this.status) {
        const problems = await this.status.problems(credential.credentialStatus, issuer);
        problems.forEach((problem) => findings.fail(problem.check, problem.code, problem.detail));
      } else
        findings.fail(
          'status',
          'STATUS_RETRIEVAL_ERROR',
          'The credential has a credentialStatus, and this verifier reads no status lists.',
        );
      findings.pass('status');
    }
    return findings.verdict(credential, issuer, kid);
  }

  private checkExpectation(credential: Json, expect: CredentialExpectation, findings: VerdictBuilder): void {
    const types = Array.isArray(credential.type) ? (credential.type as unknown[]) : [];
    if (expect.type !== undefined && !types.includes(expect.type))
      findings.fail(
        'credential',
        'TYPE_MISMATCH',
        `The credential is not a ${expect.type} (its type is ${JSON.stringify(credential.type ?? null)}).`,
      );
    if (expect.role === undefined) return;
    const roles: readonly string[] = typeof expect.role === 'string' ? [expect.role] : expect.role;
    const role = subjectRole(credential);
    if (role === undefined || !roles.includes(role))
      findings.fail(
        'credential',
        'ROLE_MISMATCH',
        `${role === undefined ? 'The credential names no subject role' : `The subject's role is ${role}`}; ${roles.length === 1 ? `role ${roles[0]} is` : `one of the roles ${roles.join(', ')} is`} required.`,
      );
  }

  private checkTrust(credential: Json, issuer: string, findings: VerdictBuilder): boolean {
    if (!this.options.trust) return true;
    const types = (Array.isArray(credential.type) ? (credential.type as unknown[]) : []).filter(
      (type): type is string => typeof type === 'string' && type !== 'VerifiableCredential',
    );
    const decision = this.options.trust.decide({ issuer, types, role: subjectRole(credential) });
    if (decision.trusted) return true;
    findings.fail('issuer', 'ISSUER_NOT_TRUSTED', decision.detail);
    return false;
  }

  private checkHeader(
    { header }: ParsedJws,
    findings: VerdictBuilder,
  ): { kid: string | null; signable: boolean } {
    const before = findings.problems.length;
    if (!isEd25519Algorithm(header.alg))
      findings.fail(
        'header',
        'UNSUPPORTED_ALGORITHM',
        `alg ${header.alg} is not accepted; sign with Ed25519 (or the older name EdDSA).`,
      );
    if (header.crit !== undefined)
      findings.fail(
        'header',
        'UNSUPPORTED_CRITICAL_HEADER',
        'The header has crit, naming extensions this verifier does not understand.',
      );
    if (header.typ !== VC_JWT_TYPE)
      findings.fail(
        'header',
        'INVALID_TYP',
        `typ is ${String(header.typ)}; a credential secured with JOSE has typ ${VC_JWT_TYPE}.`,
      );
    if (header.cty !== undefined && header.cty !== VC_JWT_CONTENT_TYPE)
      findings.fail(
        'header',
        'INVALID_CTY',
        `cty is ${String(header.cty)}; a vc+jwt's content type is ${VC_JWT_CONTENT_TYPE}.`,
      );
    const kid = typeof header.kid === 'string' ? header.kid : null;
    if (!kid || parseDidUrl(kid)?.fragment === undefined)
      findings.fail(
        'header',
        'MISSING_KID',
        'kid must be a DID URL naming the issuer key, e.g. did:dpi:...#key-1.',
      );
    if (findings.problems.length === before) findings.pass('header');
    return {
      kid: kid && parseDidUrl(kid)?.fragment !== undefined ? kid : null,
      signable: isEd25519Algorithm(header.alg) && header.crit === undefined,
    };
  }

  private checkCredential(credential: Json, findings: VerdictBuilder): string | null {
    const wrong: string[] = [];
    const context = credential['@context'];
    if (!Array.isArray(context) || context[0] !== VC_V2_CONTEXT)
      wrong.push(`@context must start with ${VC_V2_CONTEXT}`);
    if (!Array.isArray(credential.type) || !credential.type.includes('VerifiableCredential'))
      wrong.push('type must list VerifiableCredential');
    const issuerValue = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
    const issuer =
      typeof issuerValue === 'string' && parseDidUrl(issuerValue)?.did === issuerValue ? issuerValue : null;
    if (!issuer) wrong.push('issuer must be a DID (or an object whose id is one)');
    if (!isObject(credential.credentialSubject) && !Array.isArray(credential.credentialSubject))
      wrong.push('credentialSubject is missing');
    if ('vc' in credential || 'vp' in credential)
      wrong.push('the JWT claims vc and vp must not be present (VC-JOSE-COSE)');
    if (credential.iss !== undefined && credential.iss !== issuer)
      wrong.push('iss, when present, must equal issuer');
    for (const field of ['validFrom', 'validUntil'])
      if (
        credential[field] !== undefined &&
        (typeof credential[field] !== 'string' || !DATE_TIME.test(credential[field] as string))
      )
        wrong.push(`${field} must be an XML Schema dateTimeStamp`);
    if (wrong.length > 0)
      findings.fail(
        'credential',
        'INVALID_CREDENTIAL',
        `Not a Verifiable Credential 2.0: ${wrong.join('; ')}.`,
      );
    else findings.pass('credential');
    return issuer;
  }

  private async checkIssuerAndSignature(
    parsed: ParsedJws,
    issuer: string,
    kid: string,
    signable: boolean,
    findings: VerdictBuilder,
  ): Promise<void> {
    if (parseDidUrl(kid)?.did !== issuer) {
      findings.fail(
        'issuer',
        'KID_NOT_ISSUER',
        `kid ${kid} is not a key of the issuer ${issuer}; the issuer signs its own credentials.`,
      );
      return;
    }
    const resolved = await this.options.issuers.resolve(issuer);
    if (resolved.status === 'deactivated') {
      findings.fail(
        'issuer',
        'ISSUER_DEACTIVATED',
        `The issuer ${issuer} is deactivated; its credentials are no longer accepted.`,
      );
      return;
    }
    if (resolved.status === 'failed') {
      findings.fail(
        'issuer',
        resolved.notFound ? 'ISSUER_NOT_FOUND' : 'ISSUER_UNRESOLVABLE',
        `The issuer ${issuer} does not resolve (${resolved.reason}): ${resolved.message}`,
      );
      return;
    }
    const document: DIDDocument = resolved.document;
    const lookup = findVerificationMethod(document, kid, 'assertionMethod');
    if (lookup.status !== 'found') {
      findings.fail(
        'issuer',
        lookup.status === 'unknown' ? 'UNKNOWN_KID' : 'KEY_NOT_ASSERTION_METHOD',
        lookup.status === 'unknown'
          ? `${kid} is not a key in the issuer's current DID document (was it rotated out?).`
          : `${kid} is in the issuer's DID document but not under assertionMethod, so it may not sign credentials.`,
      );
      return;
    }
    findings.pass('issuer');
    if (!signable) return;
    try {
      verifyCompactJws(parsed, publicKeyFromVerificationMethod(lookup.method));
      findings.pass('signature');
    } catch (error) {
      if (error instanceof JwsError)
        findings.fail(
          'signature',
          'INVALID_SIGNATURE',
          `The signature does not verify with ${kid}: the credential or its header was changed, or another key signed it.`,
        );
      else findings.fail('issuer', 'UNSUPPORTED_KEY', `${kid}: ${(error as Error).message}.`);
    }
  }

  private checkValidity(credential: Json, findings: VerdictBuilder): void {
    const now = this.clock.now();
    const at = (field: string) =>
      typeof credential[field] === 'string' && DATE_TIME.test(credential[field] as string)
        ? new Date(credential[field] as string)
        : undefined;
    const validFrom = at('validFrom');
    const validUntil = at('validUntil');
    if (validFrom && validFrom > now)
      findings.fail(
        'validity',
        'NOT_YET_VALID',
        `The credential is valid from ${credential.validFrom as string}, not yet at ${now.toISOString()}.`,
      );
    else if (validUntil && validUntil <= now)
      findings.fail(
        'validity',
        'EXPIRED',
        `The credential expired at ${credential.validUntil as string} (now ${now.toISOString()}).`,
      );
    else findings.pass('validity');
  }
}

/** credentialSubject.role of a single subject, when it is a string. */
function subjectRole(credential: Json): string | undefined {
  const subject = credential.credentialSubject;
  return isObject(subject) && typeof subject.role === 'string' ? subject.role : undefined;
}
