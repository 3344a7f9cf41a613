import 'reflect-metadata';

import { bootstrapService } from '@dpi/service-kit';

import { paymentSwitchService } from './service.definition';

void bootstrapService(paymentSwitchService);
