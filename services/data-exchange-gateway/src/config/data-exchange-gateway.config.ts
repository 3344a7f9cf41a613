import type { z } from 'zod';

import { baseConfigSchema, portSchema } from '@dpi/service-kit';

/** The data-exchange-gateway environment: the shared variables, listening on 3003 unless PORT says otherwise. */
export const dataExchangeGatewayConfigSchema = baseConfigSchema.extend({
  PORT: portSchema(3003),
});

/** The validated data-exchange-gateway configuration. */
export type DataExchangeGatewayConfig = z.infer<typeof dataExchangeGatewayConfigSchema>;
