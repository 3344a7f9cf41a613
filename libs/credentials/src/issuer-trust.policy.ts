/** What a trust policy decides on: who issued what kind of credential, with which subject role. */
export interface IssuerClaim {
  issuer: string;
  /** The credential's types other than VerifiableCredential, e.g. ['OrganisationCredential']. */
  types: readonly string[];
  /** credentialSubject.role, when the subject has one. */
  role: string | undefined;
}

/** A policy's answer; `detail` says why an issuer is not trusted. */
export type TrustDecision = { trusted: true } | { trusted: false; detail: string };

/** The caller's hook: whether it accepts `claim.issuer` as the issuer of such a credential. */
export interface IssuerTrustPolicy {
  decide(claim: IssuerClaim): TrustDecision;
}

/** One rule: these issuer DIDs are trusted for credentials of `type` (and, if given, subject `role`). */
export interface TrustedIssuerRule {
  type: string;
  role?: string;
  issuers: readonly string[];
}

/**
 * A list of rules, e.g. `{ type: 'OrganisationCredential', role: 'psp', issuers: [centralBankDid] }`:
 * an issuer is trusted when a rule that matches the credential's type (and role, when the rule names
 * one) lists it. Anything no rule covers is not trusted.
 */
export class TrustedIssuers implements IssuerTrustPolicy {
  constructor(private readonly rules: readonly TrustedIssuerRule[]) {}

  decide({ issuer, types, role }: IssuerClaim): TrustDecision {
    const matching = this.rules.filter(
      (rule) => types.includes(rule.type) && (rule.role === undefined || rule.role === role),
    );
    if (matching.some((rule) => rule.issuers.includes(issuer))) return { trusted: true };
    const what = `${types.join(', ') || 'a credential without a type'}${role === undefined ? '' : ` with role ${role}`}`;
    const trusted = [...new Set(matching.flatMap((rule) => rule.issuers))];
    return {
      trusted: false,
      detail:
        trusted.length === 0
          ? `No issuer is trusted for ${what} here, so ${issuer} is not either.`
          : `${issuer} is not trusted for ${what}; trusted: ${trusted.join(', ')}.`,
    };
  }
}
