import {
  VERIFICATION_CHECKS,
  type Verdict,
  type VerificationCheck,
  type VerificationProblem,
  type VerificationProblemCode,
} from './verdict.model';

/** What one verification collects as it goes; a check that failed once stays failed. */
export class VerdictBuilder {
  readonly problems: VerificationProblem[] = [];
  private readonly ran = new Set<VerificationCheck>();

  fail(check: VerificationCheck, code: VerificationProblemCode, detail: string): void {
    this.ran.add(check);
    this.problems.push({ check, code, detail });
  }

  pass(check: VerificationCheck): void {
    this.ran.add(check);
  }

  verdict(credential: Record<string, unknown> | null, issuer: string | null, kid: string | null): Verdict {
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
