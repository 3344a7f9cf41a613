import type { DomainException, ProblemCatalogue, ProblemDefinition } from './domain.exception';

/** A domain exception class (the feature's), whose codes one catalogue maps. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature
export type DomainExceptionClass<C extends string> = abstract new (...args: any[]) => DomainException<C>;

/** One feature's entry of a problem map: its exception class and the HTTP form of each of its codes. */
export interface ProblemMapEntry {
  type: DomainExceptionClass<string>;
  catalogue: ProblemCatalogue<string>;
}

/** An entry whose catalogue must cover every code of the class (checked by the compiler). */
export function problemsOf<C extends string>(
  type: DomainExceptionClass<C>,
  catalogue: ProblemCatalogue<C>,
): ProblemMapEntry {
  return { type, catalogue };
}

/**
 * The one place where domain codes become HTTP statuses: per exception class (codes are unique within
 * a feature, not across features: METHOD_NOT_SUPPORTED is a 400 for the registrar and a 501 for the
 * resolver), a catalogue from code to status and title.
 */
export class ProblemMap {
  private readonly byClass = new Map<unknown, ProblemCatalogue<string>>();

  constructor(entries: readonly ProblemMapEntry[]) {
    for (const { type, catalogue } of entries) this.byClass.set(type, catalogue);
  }

  /** The status and title of an exception's code; undefined when no catalogue maps it (a programming error). */
  definitionOf(exception: DomainException): ProblemDefinition | undefined {
    for (
      let type: unknown = exception.constructor;
      typeof type === 'function';
      type = Object.getPrototypeOf(type)
    ) {
      const catalogue = this.byClass.get(type);
      if (catalogue && Object.hasOwn(catalogue, exception.code)) return catalogue[exception.code];
    }
    return undefined;
  }
}
