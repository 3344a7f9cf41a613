import { DomainException } from '@dpi/service-kit';

/** The demo city was asked for, but this registry was started without DEMO_CITY_SEED. */
export class DemoCityException extends DomainException<'DEMO_CITY_NOT_SEEDED'> {}
