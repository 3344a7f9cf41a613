import type { ServiceDefinition } from '@dpi/service-kit';

import { AppModule } from './app.module';
import {
  dataExchangeGatewayConfigSchema,
  type DataExchangeGatewayConfig,
} from './config/data-exchange-gateway.config';
import { migrations } from './migrations';

/** How @dpi/service-kit runs the data-exchange-gateway. */
export const dataExchangeGatewayService: ServiceDefinition<DataExchangeGatewayConfig> = {
  name: 'data-exchange-gateway',
  module: AppModule,
  configSchema: dataExchangeGatewayConfigSchema,
  database: { migrations },
};
