import { CreateMessagingTablesMigration } from '@dpi/messaging';

/** The identity-registry database's outbox and inbox for signed Kafka events (libs/messaging). */
export class CreateMessagingTables1764100000000 extends CreateMessagingTablesMigration {}
