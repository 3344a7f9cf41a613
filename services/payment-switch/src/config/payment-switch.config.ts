import type { z } from 'zod';

import { baseConfigSchema, portSchema } from '@dpi/service-kit';

/** The payment-switch environment: the shared variables, listening on 3002 unless PORT says otherwise. */
export const paymentSwitchConfigSchema = baseConfigSchema.extend({
  PORT: portSchema(3002),
});

/** The validated payment-switch configuration. */
export type PaymentSwitchConfig = z.infer<typeof paymentSwitchConfigSchema>;
