import 'reflect-metadata';

import { bootstrapService } from '@dpi/service-kit';

import { identityRegistryService } from './service.definition';

void bootstrapService(identityRegistryService);
