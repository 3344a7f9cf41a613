import { describeServiceIntegration } from '@dpi/service-kit/testing';

import { paymentSwitchService } from './service.definition';

describeServiceIntegration(paymentSwitchService);
