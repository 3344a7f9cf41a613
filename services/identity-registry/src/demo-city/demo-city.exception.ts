import { DomainException, type ProblemCatalogue } from '@dpi/service-kit';

const DEMO_CITY_PROBLEMS: ProblemCatalogue<'DEMO_CITY_NOT_SEEDED'> = {
  DEMO_CITY_NOT_SEEDED: { status: 404, title: 'No demo city seeded' },
};

/** The demo city was asked for, but this registry was started without DEMO_CITY_SEED. */
export class DemoCityException extends DomainException<'DEMO_CITY_NOT_SEEDED'> {
  protected readonly catalogue = DEMO_CITY_PROBLEMS;
}
