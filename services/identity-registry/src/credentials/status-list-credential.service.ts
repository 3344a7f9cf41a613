import { Injectable } from '@nestjs/common';

import { encodeStatusList, signVcJwt, VC_V2_CONTEXT } from '@dpi/credentials';

import { didDateTime } from '../dids/did-history';
import { CredentialUrls } from './credential-urls';
import { CredentialException } from './credential.exception';
import { IssuerKeyRing } from './issuer-keyring';
import { StatusListRepository } from './status-list.repository';

/** How long a verifier may cache a list (the credential's ttl and the HTTP max-age agree). */
export const STATUS_LIST_TTL_MS = 60_000;

/** A signed status list, as served. */
export interface SignedStatusList {
  jws: string;
  /** Changes with every bit flipped. */
  etag: string;
  lastModified: Date;
}

const LIST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Builds a BitstringStatusListCredential from the stored bits and signs it as vc+jwt by the list's
 * issuer. A version is signed once and kept; the signature is deterministic (Ed25519, validFrom = the
 * version's time), so every instance serves the same bytes for the same version.
 */
@Injectable()
export class StatusListCredentialService {
  private readonly signed = new Map<string, { version: number; list: SignedStatusList }>();

  constructor(
    private readonly statusLists: StatusListRepository,
    private readonly keyring: IssuerKeyRing,
    private readonly urls: CredentialUrls,
  ) {}

  async get(listId: string): Promise<SignedStatusList> {
    const row = LIST_ID.test(listId) ? await this.statusLists.find(listId) : undefined;
    if (!row)
      throw new CredentialException(
        'STATUS_LIST_NOT_FOUND',
        `No status list ${listId.slice(0, 80)} here; take the URL from a credential's credentialStatus.statusListCredential.`,
      );
    const cached = this.signed.get(row.id);
    if (cached?.version === row.version) return cached.list;
    const issuer = this.keyring.get(row.issuerDid);
    if (!issuer)
      throw new CredentialException(
        'ISSUER_KEY_UNAVAILABLE',
        `The key of ${row.issuerDid}, which signs this list, is not loaded (was the registry started without its keystore or seed?). Restart it with the KEYSTORE_DIR (and DEMO_CITY_SEED) that issued the list.`,
      );
    const url = this.urls.statusList(row.id);
    const credential = {
      '@context': [VC_V2_CONTEXT],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: row.issuerDid,
      validFrom: didDateTime(row.updatedAt),
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: row.purpose,
        encodedList: encodeStatusList(row.bits),
        ttl: STATUS_LIST_TTL_MS,
      },
    };
    const list = {
      jws: signVcJwt(credential, issuer),
      etag: `"${row.id}.${row.version}"`,
      lastModified: row.updatedAt,
    };
    this.signed.set(row.id, { version: row.version, list });
    return list;
  }
}
