import type { StatusListSource } from './status-list.source';
import type { VerificationProblem } from './verdict.model';

const INDEX = /^(0|[1-9][0-9]{0,9})$/;

/**
 * Checks a credential's BitstringStatusListEntry items against the lists a StatusListSource reads (the
 * registry's database, or a fetch over HTTP): the list must be had, be the issuer's and have the entry's
 * purpose, and the bit must be unset.
 */
export class CredentialStatusChecker {
  constructor(private readonly source: StatusListSource) {}

  /** Every problem of `credentialStatus` (one entry or an array of them) of a credential of `issuer`. */
  async problems(credentialStatus: unknown, issuer: string): Promise<VerificationProblem[]> {
    const entries = Array.isArray(credentialStatus) ? credentialStatus : [credentialStatus];
    const problems: VerificationProblem[] = [];
    for (const [position, entry] of entries.entries()) {
      const problem = await this.check(entry, issuer, `credentialStatus[${position}]`);
      if (problem) problems.push(problem);
    }
    return problems;
  }

  private async check(
    entry: unknown,
    issuer: string,
    where: string,
  ): Promise<VerificationProblem | undefined> {
    const invalid = (detail: string): VerificationProblem => ({
      check: 'status',
      code: 'STATUS_VERIFICATION_ERROR',
      detail: `${where}: ${detail}`,
    });
    if (typeof entry !== 'object' || entry === null) return invalid('is not an object');
    const { type, statusPurpose, statusListIndex, statusListCredential } = entry as Record<string, unknown>;
    if (type !== 'BitstringStatusListEntry')
      return invalid(
        `type ${String(type)} is not supported; this verifier checks BitstringStatusListEntry only`,
      );
    if (statusPurpose !== 'revocation' && statusPurpose !== 'suspension')
      return invalid(`statusPurpose ${String(statusPurpose)} is not checked; revocation and suspension are`);
    if (typeof statusListIndex !== 'string' || !INDEX.test(statusListIndex))
      return invalid('statusListIndex is not a base-10 integer in a string');
    if (typeof statusListCredential !== 'string') return invalid('statusListCredential is not a URL');
    const bit = await this.source.lookup(statusListCredential, Number(statusListIndex));
    if (bit.status === 'unavailable')
      return { check: 'status', code: 'STATUS_RETRIEVAL_ERROR', detail: `${where}: ${bit.detail}` };
    if (bit.status === 'invalid') return invalid(bit.detail);
    if (bit.issuer !== issuer)
      return invalid(`the status list belongs to ${bit.issuer}, not to the issuer ${issuer}`);
    if (bit.purpose !== statusPurpose)
      return invalid(`the status list is for ${bit.purpose}, not ${statusPurpose}`);
    if (bit.set === null)
      return invalid(`statusListIndex ${statusListIndex} is outside the list (0..${bit.length - 1})`);
    if (!bit.set) return undefined;
    return statusPurpose === 'revocation'
      ? {
          check: 'status',
          code: 'REVOKED',
          detail: 'The issuer revoked this credential; revocation is permanent.',
        }
      : {
          check: 'status',
          code: 'SUSPENDED',
          detail: 'The issuer suspended this credential; it may be reinstated later.',
        };
  }
}
