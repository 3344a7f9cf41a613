import { CreateServiceMetadata1763856000000 } from './1763856000000-create-service-metadata.migration';
import { CreateDidRegistry1764000000000 } from './1764000000000-create-did-registry.migration';
import { CreateMessagingTables1764100000000 } from './1764100000000-create-messaging-tables.migration';
import { CreateCredentials1765100000000 } from './1765100000000-create-credentials.migration';

/** Every migration of the identity-registry database, oldest first. */
export const migrations = [
  CreateServiceMetadata1763856000000,
  CreateDidRegistry1764000000000,
  CreateMessagingTables1764100000000,
  CreateCredentials1765100000000,
];
