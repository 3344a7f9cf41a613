import { databaseUrl, redactUrl } from './service-databases';

describe('databaseUrl', () => {
  it('swaps the database and keeps credentials, host and options', () => {
    expect(databaseUrl('postgres://u:p%40ss@127.0.0.1:5432/postgres?sslmode=disable', 'payment_switch')).toBe(
      'postgres://u:p%40ss@127.0.0.1:5432/payment_switch?sslmode=disable',
    );
  });

  it('adds a database to a URL that has none', () => {
    expect(databaseUrl('postgres://u@h:1', 'x')).toBe('postgres://u@h:1/x');
  });
});

describe('redactUrl', () => {
  it('hides the password and leaves a password-less URL alone', () => {
    expect(redactUrl('postgres://u:secret@h:1/db')).toBe('postgres://u:***@h:1/db');
    expect(redactUrl('postgres://u@h:1/db')).toBe('postgres://u@h:1/db');
  });
});
