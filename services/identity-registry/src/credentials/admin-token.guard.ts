import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';
import { CredentialException } from './credential.exception';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Deny by default: issuing and status changes need `Authorization: Bearer <ADMIN_TOKEN>`; with no
 * ADMIN_TOKEN configured they are refused for everyone. Tokens are compared as SHA-256 digests in
 * constant time, so neither their content nor their length leaks through timing.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: IdentityRegistryConfig) {
    this.expected = config.ADMIN_TOKEN ? digest(config.ADMIN_TOKEN) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (!this.expected)
      throw new CredentialException(
        'ADMIN_TOKEN_NOT_CONFIGURED',
        'This registry has no ADMIN_TOKEN, so nobody may issue credentials or change their status. Start it with ADMIN_TOKEN set (at least 16 characters) and send Authorization: Bearer <that token>.',
      );
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim()) : null;
    if (!match) {
      http.getResponse<FastifyReply>().header('www-authenticate', 'Bearer realm="identity-registry"');
      throw new CredentialException(
        'ADMIN_TOKEN_REQUIRED',
        'Send the registry\'s admin token as "Authorization: Bearer <ADMIN_TOKEN>".',
      );
    }
    if (!timingSafeEqual(digest(match[1] as string), this.expected)) {
      http
        .getResponse<FastifyReply>()
        .header('www-authenticate', 'Bearer realm="identity-registry", error="invalid_token"');
      throw new CredentialException(
        'ADMIN_TOKEN_INVALID',
        "The bearer token is not this registry's ADMIN_TOKEN; check the value the registry was started with.",
      );
    }
    return true;
  }
}
