import { CreateServiceMetadata1763856000000 } from './1763856000000-create-service-metadata.migration';
import { CreateMessagingTables1764100000000 } from './1764100000000-create-messaging-tables.migration';

/** Every migration of the data-exchange-gateway database, oldest first. */
export const migrations = [CreateServiceMetadata1763856000000, CreateMessagingTables1764100000000];
