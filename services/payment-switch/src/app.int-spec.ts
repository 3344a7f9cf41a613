import { describeServiceIntegration } from '@dpi/service-kit';

import { paymentSwitchService } from './service.definition';

describeServiceIntegration(paymentSwitchService);
