import { describeServiceIntegration } from '@dpi/service-kit';

import { dataExchangeGatewayService } from './service.definition';

describeServiceIntegration(dataExchangeGatewayService);
