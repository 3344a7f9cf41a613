import type { z } from 'zod';

import { baseConfigSchema, portSchema } from '@dpi/service-kit';

/** The identity-registry environment: the shared variables, listening on 3001 unless PORT says otherwise. */
export const identityRegistryConfigSchema = baseConfigSchema.extend({
  PORT: portSchema(3001),
});

/** The validated identity-registry configuration. */
export type IdentityRegistryConfig = z.infer<typeof identityRegistryConfigSchema>;
