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
  KEYSTORE_DIR: z
    .string()
    .min(1)
    .optional()
    .describe(
      'a directory for the private keys of the DIDs the registry holds (credential issuer, demo city), one file per key, mode 0600; unset: no credentials are issued',
    ),
  ADMIN_TOKEN: z
    .string()
    .min(16)
    .max(512)
    .optional()
    .describe(
      'a bearer token of at least 16 characters that authorises issuing credentials and changing their status; unset: those endpoints refuse every request',
    ),
  DEMO_CITY_SEED: z
    .string()
    .min(16)
    .optional()
    .describe(
      'any text of at least 16 characters; seeds the demo city (same seed, same keys and DIDs); needs KEYSTORE_DIR',
    ),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'the http(s) URL clients reach this registry at, used in status list URLs of credentials; default http://HOST:PORT',
    ),
});

/** The validated identity-registry configuration. */
export type IdentityRegistryConfig = z.infer<typeof identityRegistryConfigSchema>;
