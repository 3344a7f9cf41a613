import { ConfigValidationError, loadConfig } from '@dpi/service-kit';

import { identityRegistryConfigSchema } from '../config/identity-registry.config';

const BASE = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/identity_registry',
  KAFKA_BROKERS: '127.0.0.1:9092',
};

function issues(env: Record<string, string>): string {
  try {
    loadConfig(identityRegistryConfigSchema, { ...BASE, ...env });
    return '';
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    return error.message;
  }
}

describe('the credential and demo city configuration', () => {
  it('leaves the keystore, admin token, seed and public URL unset by default', () => {
    const config = loadConfig(identityRegistryConfigSchema, BASE);
    expect([config.KEYSTORE_DIR, config.ADMIN_TOKEN, config.DEMO_CITY_SEED, config.PUBLIC_URL]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('refuses a seed or an admin token under 16 characters, naming the variable but never the value', () => {
    const message = issues({ DEMO_CITY_SEED: 'short-seed-9', ADMIN_TOKEN: 'tiny-token' });
    expect(message).toContain('DEMO_CITY_SEED is malformed');
    expect(message).toContain('ADMIN_TOKEN is malformed');
    expect(message).not.toContain('short-seed-9');
    expect(message).not.toContain('tiny-token');
  });

  it('takes an http(s) PUBLIC_URL only', () => {
    expect(issues({ PUBLIC_URL: 'https://registry.city.example' })).toBe('');
    expect(issues({ PUBLIC_URL: 'ftp://registry.city.example' })).toContain('PUBLIC_URL');
  });
});
