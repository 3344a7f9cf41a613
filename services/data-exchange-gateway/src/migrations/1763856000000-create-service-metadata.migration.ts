import { CreateServiceMetadataMigration } from '@dpi/service-kit';

/** The data-exchange-gateway database's first table, service_metadata, recording that data-exchange-gateway owns it. */
export class CreateServiceMetadata1763856000000 extends CreateServiceMetadataMigration {
  protected readonly service = 'data-exchange-gateway';
}
