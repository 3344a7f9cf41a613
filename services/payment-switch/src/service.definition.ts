import type { ServiceDefinition } from '@dpi/service-kit';

import { AppModule } from './app.module';
import { paymentSwitchConfigSchema, type PaymentSwitchConfig } from './config/payment-switch.config';
import { PAYMENT_SWITCH_PROBLEMS } from './http-problems';
import { migrations } from './migrations';

/** How @dpi/service-kit runs the payment-switch. */
export const paymentSwitchService: ServiceDefinition<PaymentSwitchConfig> = {
  name: 'payment-switch',
  module: AppModule,
  configSchema: paymentSwitchConfigSchema,
  database: { migrations },
  problems: PAYMENT_SWITCH_PROBLEMS,
};
