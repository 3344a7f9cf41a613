import { CreateMessagingTablesMigration } from '@dpi/messaging';

/** The data-exchange-gateway database's outbox and inbox for signed Kafka events (libs/messaging). */
export class CreateMessagingTables1764100000000 extends CreateMessagingTablesMigration {}
