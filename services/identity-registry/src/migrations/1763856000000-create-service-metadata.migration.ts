import { CreateServiceMetadataMigration } from '@dpi/service-kit';

/** The identity-registry database's first table, service_metadata, recording that identity-registry owns it. */
export class CreateServiceMetadata1763856000000 extends CreateServiceMetadataMigration {
  protected readonly service = 'identity-registry';
}
