import { CreateServiceMetadata1763856000000 } from './1763856000000-create-service-metadata.migration';
import { CreateMessagingTables1764100000000 } from './1764100000000-create-messaging-tables.migration';
import { CreateLedger1766000000000 } from './1766000000000-create-ledger.migration';

/** Every migration of the payment-switch database, oldest first. */
export const migrations = [
  CreateServiceMetadata1763856000000,
  CreateMessagingTables1764100000000,
  CreateLedger1766000000000,
];
