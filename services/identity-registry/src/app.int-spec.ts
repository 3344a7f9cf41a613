import { describeServiceIntegration } from '@dpi/service-kit/testing';

import { identityRegistryService } from './service.definition';

describeServiceIntegration(identityRegistryService);
