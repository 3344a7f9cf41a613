import 'reflect-metadata';

import { bootstrapService } from '@dpi/service-kit';

import { dataExchangeGatewayService } from './service.definition';

void bootstrapService(dataExchangeGatewayService);
