import { Injectable } from '@nestjs/common';
import type { DIDDocument } from 'did-resolver';

import {
  findVerificationMethod,
  isEd25519Algorithm,
  JwsError,
  parseCompactJws,
  parseDidUrl,
  publicKeyFromVerificationMethod,
  verifyCompactJws,
  type ParsedJws,
} from '@dpi/did';

import { DidResolutionException } from '../dids/did-resolution.exception';
import { ResolutionService } from '../dids/resolution.service';
import { SandboxClock } from '../dids/sandbox.clock';
import { CredentialStatusChecker } from './credential-status.checker';
import { VC_V2_CONTEXT, type VerifyRequest } from './credential.model';
import { VC_JWT_CONTENT_TYPE, VC_JWT_TYPE } from './vc-jwt.util';
import {
  VERIFICATION_CHECKS,
  type Verdict,
  type VerificationCheck,
  type VerificationProblem,
  type VerificationProblemCode,
} from './verdict.model';

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What one verification collects as it goes. */
class Findings {
  readonly problems: VerificationProblem[] = [];
  private readonly ran = new Set<VerificationCheck>();

  fail(check: VerificationCheck, code: VerificationProblemCode, detail: string): void {
    this.ran.add(check);
    this.problems.push({ check, code, detail });
  }

  pass(check: VerificationCheck): void {
    this.ran.add(check);
  }

  verdict(credential: Json | null, issuer: string | null, kid: string | null): Verdict {
    const failed = new Set(this.problems.map((problem) => problem.check));
    const checks = Object.fromEntries(
      VERIFICATION_CHECKS.map((check) => [
        check,
        failed.has(check) ? 'failed' : this.ran.has(check) ? 'passed' : 'skipped',
      ]),
    ) as Verdict['checks'];
    return { verified: this.problems.length === 0, checks, problems: this.problems, credential, issuer, kid };
  }
}

/**
 * Verifies a vc+jwt (VC-JOSE-COSE) and says why it is or is not accepted: the JOSE header (alg, typ,
 * cty, kid), the credential's shape (VC 2.0), the issuer's DID resolved through this registry's own
 * resolver (any method it supports) with the kid listed under assertionMethod, the signature, the
 * validity period against the sandbox clock, and the status list bits.
 */
@Injectable()
export class CredentialVerifierService {
  constructor(
    private readonly resolution: ResolutionService,
    private readonly status: CredentialStatusChecker,
    private readonly clock: SandboxClock,
  ) {}

  /** Verifies a request the contract has accepted (contracts/schemas/credential-verify-request.schema.json). */
  async verify({ verifiableCredential }: VerifyRequest): Promise<Verdict> {
    const findings = new Findings();
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
    // Without a DID URL kid there is no key to look up; without Ed25519 and crit-free, no signature to check.
    if (issuer && kid) await this.checkIssuerAndSignature(parsed, issuer, kid, signable, findings);
    this.checkValidity(credential, findings);
    if (issuer && credential.credentialStatus !== undefined) {
      const problems = await this.status.problems(credential.credentialStatus, issuer);
      problems.forEach((problem) => findings.fail(problem.check, problem.code, problem.detail));
      findings.pass('status');
    }
    return findings.verdict(credential, issuer, kid);
  }

  private checkHeader({ header }: ParsedJws, findings: Findings): { kid: string | null; signable: boolean } {
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

  private checkCredential(credential: Json, findings: Findings): string | null {
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
    findings: Findings,
  ): Promise<void> {
    if (parseDidUrl(kid)?.did !== issuer) {
      findings.fail(
        'issuer',
        'KID_NOT_ISSUER',
        `kid ${kid} is not a key of the issuer ${issuer}; the issuer signs its own credentials.`,
      );
      return;
    }
    let document: DIDDocument;
    try {
      const resolved = await this.resolution.resolve(issuer, {});
      if (resolved.deactivated || !resolved.document) {
        findings.fail(
          'issuer',
          'ISSUER_DEACTIVATED',
          `The issuer ${issuer} is deactivated; its credentials are no longer accepted.`,
        );
        return;
      }
      document = resolved.document;
    } catch (error) {
      if (!(error instanceof DidResolutionException)) throw error;
      findings.fail(
        'issuer',
        error.code === 'NOT_FOUND' ? 'ISSUER_NOT_FOUND' : 'ISSUER_UNRESOLVABLE',
        `The issuer ${issuer} does not resolve (${error.code}): ${error.message}`,
      );
      return;
    }
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

  private checkValidity(credential: Json, findings: Findings): void {
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
