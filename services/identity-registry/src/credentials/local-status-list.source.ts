import { Injectable } from '@nestjs/common';

import type { StatusListSource, StatusLookup } from '@dpi/credentials';

import { CredentialUrls } from './credential-urls';
import { StatusListRepository } from './status-list.repository';

/**
 * The status lists this registry serves, read from PostgreSQL so a change shows at once. Lists elsewhere
 * are not fetched (STATUS_RETRIEVAL_ERROR): the registry is no client of other hosts' lists.
 */
@Injectable()
export class LocalStatusListSource implements StatusListSource {
  constructor(
    private readonly statusLists: StatusListRepository,
    private readonly urls: CredentialUrls,
  ) {}

  async lookup(url: string, index: number): Promise<StatusLookup> {
    const listId = this.urls.statusListId(url);
    const bit = listId ? await this.statusLists.bit(listId, index) : undefined;
    if (!bit)
      return {
        status: 'unavailable',
        detail: `${url} is not a status list this registry serves (it checks lists under ${this.urls.statusList('')}), so the status is unknown.`,
      };
    return { status: 'found', issuer: bit.issuerDid, purpose: bit.purpose, length: bit.length, set: bit.set };
  }
}
