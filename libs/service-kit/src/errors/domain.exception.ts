/** How one error code appears over HTTP: its status and a short, fixed title. */
export interface ProblemDefinition {
  status: number;
  title: string;
}

/** Every code of a domain mapped to its HTTP form; a service declares one per domain. */
export type ProblemCatalogue<C extends string> = Readonly<Record<C, ProblemDefinition>>;

/**
 * Base of every typed domain error: a code from the domain's enum, a detail message for the caller,
 * optional extension members, and the code's HTTP status and title from the subclass's catalogue.
 * Domain code throws these; the problem-details filter turns them into RFC 9457 responses.
 *
 *   class TransferException extends DomainException<TransferErrorCode> {
 *     protected readonly catalogue = TRANSFER_PROBLEMS;
 *   }
 */
export abstract class DomainException<C extends string = string> extends Error {
  protected abstract readonly catalogue: ProblemCatalogue<C>;

  constructor(
    readonly code: C,
    detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = new.target.name;
  }

  /** The HTTP status this code maps to. */
  get status(): number {
    return this.catalogue[this.code].status;
  }

  /** The fixed, human-readable summary of this code. */
  get title(): string {
    return this.catalogue[this.code].title;
  }
}
