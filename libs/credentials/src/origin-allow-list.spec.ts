import { OriginAllowList } from './origin-allow-list';

describe('OriginAllowList', () => {
  const allow = new OriginAllowList(['https://registry.example/any/path', 'http://127.0.0.1:3001']);

  it('permits URLs of an allowed origin (scheme, host and port)', () => {
    expect(allow.permit('https://registry.example/1.0/credentials/status/x')?.href).toBe(
      'https://registry.example/1.0/credentials/status/x',
    );
    expect(allow.permit('https://REGISTRY.example:443/s')).toBeDefined();
    expect(allow.permit('http://127.0.0.1:3001/s')).toBeDefined();
  });

  it('refuses another scheme, host or port, user info, and what is not a URL', () => {
    for (const url of [
      'http://registry.example/s',
      'https://registry.example:8443/s',
      'https://registry.example.evil.example/s',
      'http://127.0.0.1:3002/s',
      'http://localhost:3001/s',
      'https://registry.example@169.254.169.254/latest',
      'https://user:pw@registry.example/s',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(allow.permit(url)).toBeUndefined();
  });

  it('refuses to be configured with a non-HTTP origin', () => {
    expect(() => new OriginAllowList(['ftp://registry.example'])).toThrow(TypeError);
  });
});
