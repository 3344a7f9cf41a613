import { Inject, Injectable } from '@nestjs/common';

import { SERVICE_CONFIG } from '@dpi/service-kit';

import type { IdentityRegistryConfig } from '../config/identity-registry.config';

const STATUS_PATH = '/1.0/credentials/status/';
const LIST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The public URLs credentials carry: where this registry serves its status lists. */
@Injectable()
export class CredentialUrls {
  /** PUBLIC_URL, or http://HOST:PORT (a wildcard HOST read as loopback), without a trailing slash. */
  readonly base: string;

  constructor(@Inject(SERVICE_CONFIG) config: IdentityRegistryConfig) {
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
    const origin = `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
    this.base = (config.PUBLIC_URL ?? origin).replace(/\/+$/, '');
  }

  /** The URL of status list `listId` (a BitstringStatusListCredential). */
  statusList(listId: string): string {
    return `${this.base}${STATUS_PATH}${listId}`;
  }

  /** The list id of a status list URL this registry serves, or undefined for any other URL. */
  statusListId(url: string): string | undefined {
    const prefix = `${this.base}${STATUS_PATH}`;
    if (!url.startsWith(prefix)) return undefined;
    const id = url.slice(prefix.length);
    return LIST_ID.test(id) ? id : undefined;
  }
}
