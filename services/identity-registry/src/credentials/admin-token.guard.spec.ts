import type { ExecutionContext } from '@nestjs/common';

import { ProblemMap } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { IDENTITY_REGISTRY_PROBLEMS } from '../http-problems';
import { AdminTokenGuard } from './admin-token.guard';
import { CredentialException } from './credential.exception';

const TOKEN = 'unit-test-admin-token-42';
const problems = new ProblemMap(IDENTITY_REGISTRY_PROBLEMS);

function contextWith(authorization?: string): { context: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => ((headers[name] = value), reply) };
  const context = {
    switchToHttp: () => ({
      getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }),
      getResponse: () => reply,
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

function refusal(
  guard: AdminTokenGuard,
  authorization?: string,
): { code: string; status: number; detail: string } {
  try {
    guard.canActivate(contextWith(authorization).context);
  } catch (error) {
    if (error instanceof CredentialException)
      return { code: error.code, status: problems.definitionOf(error)?.status ?? 0, detail: error.message };
    throw error;
  }
  throw new Error('the guard let the request through');
}

describe('AdminTokenGuard', () => {
  const guard = new AdminTokenGuard({ ADMIN_TOKEN: TOKEN } as IdentityRegistryConfig);

  it('lets the configured bearer token through (scheme case-insensitive)', () => {
    expect(guard.canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
    expect(guard.canActivate(contextWith(`bearer ${TOKEN}`).context)).toBe(true);
  });

  it('refuses a missing or malformed Authorization header with 401 and a Bearer challenge', () => {
    const { context, headers } = contextWith();
    expect(() => guard.canActivate(context)).toThrow(CredentialException);
    expect(headers['www-authenticate']).toBe('Bearer realm="identity-registry"');
    expect(refusal(guard, undefined)).toMatchObject({ code: 'ADMIN_TOKEN_REQUIRED', status: 401 });
    expect(refusal(guard, `Basic ${TOKEN}`)).toMatchObject({ code: 'ADMIN_TOKEN_REQUIRED' });
    expect(refusal(guard, 'Bearer ')).toMatchObject({ code: 'ADMIN_TOKEN_REQUIRED' });
  });

  it('refuses another token, a prefix of it or a longer one with 401 invalid_token, never echoing it', () => {
    for (const wrong of ['not-the-token', TOKEN.slice(0, -1), `${TOKEN}x`]) {
      const refused = refusal(guard, `Bearer ${wrong}`);
      expect(refused).toMatchObject({ code: 'ADMIN_TOKEN_INVALID', status: 401 });
      expect(refused.detail).not.toContain(wrong);
    }
    const { context, headers } = contextWith('Bearer nope');
    expect(() => guard.canActivate(context)).toThrow();
    expect(headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('denies everyone (403) when no ADMIN_TOKEN is configured', () => {
    const closed = new AdminTokenGuard({} as IdentityRegistryConfig);
    expect(refusal(closed, `Bearer ${TOKEN}`)).toMatchObject({
      code: 'ADMIN_TOKEN_NOT_CONFIGURED',
      status: 403,
    });
    expect(refusal(closed, undefined)).toMatchObject({ code: 'ADMIN_TOKEN_NOT_CONFIGURED' });
  });
});
