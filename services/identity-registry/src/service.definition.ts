import type { ServiceDefinition } from '@dpi/service-kit';

import { AppModule } from './app.module';
import { identityRegistryConfigSchema, type IdentityRegistryConfig } from './config/identity-registry.config';
import { IDENTITY_REGISTRY_PROBLEMS } from './http-problems';
import { migrations } from './migrations';

/** How @dpi/service-kit runs the identity-registry. */
export const identityRegistryService: ServiceDefinition<IdentityRegistryConfig> = {
  name: 'identity-registry',
  module: AppModule,
  configSchema: identityRegistryConfigSchema,
  database: { migrations },
  problems: IDENTITY_REGISTRY_PROBLEMS,
};
