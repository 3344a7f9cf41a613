import { z } from 'zod';

import { baseConfigSchema, portSchema } from '@dpi/service-kit';

/** The identity-registry environment: the shared variables, listening on 3001 unless PORT says otherwise. */
export const identityRegistryConfigSchema = baseConfigSchema.extend({
  PORT: portSchema(3001),
  DID_WEB_ALLOW_HTTP_LOCALHOST: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe(
      'true or false: resolve did:web over plain HTTP for localhost, 127.0.0.1 and [::1] only (labs)',
    ),
  RESOLUTION_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(300_000)
    .describe(
      'milliseconds a resolved did:dpi document is cached (every write drops it at once); 0 turns the cache off',
    ),
  REGISTRAR_JOB_TTL_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(86_400_000)
    .default(600_000)
    .describe(
      'milliseconds a registrar job waits for its signature before it expires, between 1000 and 86400000',
    ),
});

/** The validated identity-registry configuration. */
export type IdentityRegistryConfig = z.infer<typeof identityRegistryConfigSchema>;
