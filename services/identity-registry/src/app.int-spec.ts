import { describeServiceIntegration } from '@dpi/service-kit';

import { identityRegistryService } from './service.definition';

describeServiceIntegration(identityRegistryService);
