import { describeServiceIntegration } from '@dpi/service-kit/testing';

import { dataExchangeGatewayService } from './service.definition';

describeServiceIntegration(dataExchangeGatewayService);
