import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { dropTestDatabase } from '../testing/test-database.util';
import { testDatabaseUrl } from '../testing/test-env.util';

import { ensureServiceDatabases } from './service-databases';

describe('ensureServiceDatabases', () => {
  // A prefix keeps this run's databases apart from the real ones on a shared server.
  const prefix = `a_it_${randomBytes(3).toString('hex')}_`;
  const names = ['identity_registry', 'payment_switch', 'data_exchange_gateway'].map(
    (name) => `${prefix}${name}`,
  );

  afterAll(async () => {
    for (const name of names) await dropTestDatabase(name);
  });

  it('creates one database per service and returns a URL for each that accepts queries', async () => {
    const urls = await ensureServiceDatabases(testDatabaseUrl(), { prefix });
    expect(Object.keys(urls).sort()).toEqual([
      'data-exchange-gateway',
      'identity-registry',
      'payment-switch',
    ]);
    for (const [service, url] of Object.entries(urls)) {
      const client = new Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
      await client.end();
      expect([service, rows[0]?.db]).toEqual([service, `${prefix}${service.replaceAll('-', '_')}`]);
    }
  });

  it('is idempotent, also when called concurrently', async () => {
    await expect(
      Promise.all([
        ensureServiceDatabases(testDatabaseUrl(), { prefix }),
        ensureServiceDatabases(testDatabaseUrl(), { prefix }),
      ]),
    ).resolves.toHaveLength(2);
  });

  it('refuses an unknown service name', async () => {
    await expect(ensureServiceDatabases(testDatabaseUrl(), { services: ['ledger'] })).rejects.toThrow(
      /Unknown service "ledger"/,
    );
  });
});
