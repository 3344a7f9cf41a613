// Jest globalTeardown of jest.integration.config.js: stops whatever the global setup started.
import './register-path-aliases';

import { StartedInfrastructure } from '../infrastructure/infrastructure.types';
import { INFRASTRUCTURE_KEY } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const store = globalThis as Record<string, unknown>;
  const infrastructure = store[INFRASTRUCTURE_KEY] as StartedInfrastructure | undefined;
  delete store[INFRASTRUCTURE_KEY];
  await infrastructure?.stop();
}
