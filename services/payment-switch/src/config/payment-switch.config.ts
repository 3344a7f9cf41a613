import { z } from 'zod';

import { baseConfigSchema, portSchema } from '@dpi/service-kit';

/** The payment-switch environment: the shared variables, listening on 3002 unless PORT says otherwise. */
export const paymentSwitchConfigSchema = baseConfigSchema.extend({
  PORT: portSchema(3002),
  LEDGER_EXPIRY_GRACE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(30)
    .describe(
      'seconds a reservation may stay open past its expiry before GET /ledger/invariants reports it (the expiry sweeper runs within this)',
    ),
});

/** The validated payment-switch configuration. */
export type PaymentSwitchConfig = z.infer<typeof paymentSwitchConfigSchema>;
