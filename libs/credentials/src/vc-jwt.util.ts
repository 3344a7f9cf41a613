import type { KeyObject } from 'node:crypto';

import { canonicalJson, signCompactJws } from '@dpi/did';

/** VC-JOSE-COSE: the `typ` and `cty` of a credential secured as a JWS, and its media type. */
export const VC_JWT_TYPE = 'vc+jwt';
export const VC_JWT_CONTENT_TYPE = 'vc';
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

/** Secures a credential as vc+jwt: compact JWS, payload = the credential itself, alg Ed25519, kid a DID URL. */
export function signVcJwt(credential: object, signer: { kid: string; privateKey: KeyObject }): string {
  return signCompactJws(
    { kid: signer.kid, typ: VC_JWT_TYPE, cty: VC_JWT_CONTENT_TYPE },
    canonicalJson(credential),
    signer.privateKey,
  );
}
