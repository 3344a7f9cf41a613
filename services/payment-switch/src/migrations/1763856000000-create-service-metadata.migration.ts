import { CreateServiceMetadataMigration } from '@dpi/service-kit';

/** The payment-switch database's first table, service_metadata, recording that payment-switch owns it. */
export class CreateServiceMetadata1763856000000 extends CreateServiceMetadataMigration {
  protected readonly service = 'payment-switch';
}
