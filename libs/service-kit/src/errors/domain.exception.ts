/** How one error code appears over HTTP: its status and a short, fixed title. */
export interface ProblemDefinition {
  status: number;
  title: string;
}

/** Every code of a domain mapped to its HTTP form; the service's edge declares one per domain. */
export type ProblemCatalogue<C extends string> = Readonly<Record<C, ProblemDefinition>>;

/**
 * Base of every typed domain error: a code from the feature's code enum, a detail message for the
 * caller and optional extension members. It knows nothing of HTTP: the service's problem map
 * (ServiceDefinition.problems) says, at the edge, which status and title each code answers with.
 *
 *   class TransferException extends DomainException<TransferErrorCode> {}
 *   throw new TransferException('INSUFFICIENT_LIQUIDITY', 'PSP A has 10.00 EUR left; ...');
 */
export abstract class DomainException<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    detail: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(detail, options);
    this.name = new.target.name;
  }
}
