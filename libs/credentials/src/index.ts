/**
 * @dpi/credentials: verification of W3C Verifiable Credentials 2.0 secured as vc+jwt, for any service.
 *
 * `CredentialVerifier` checks the JOSE header (alg Ed25519, typ vc+jwt, cty vc, kid a DID URL of the
 * issuer), the VC 2.0 shape, the issuer's assertionMethod key (through an `IssuerResolver`, e.g.
 * `issuerResolverFrom(new DidResolutionService(...))` of @dpi/did), the signature, the validity period
 * against an injectable clock, and the Bitstring Status List entries (through a `StatusListSource`), and
 * answers a `Verdict` `{verified, checks, problems[]}` that names every reason with a code. A caller
 * may add a trust policy (`TrustedIssuers`: which issuer DIDs it accepts for which credential type and
 * role: ISSUER_NOT_TRUSTED) and an expectation per call (TYPE_MISMATCH, ROLE_MISMATCH).
 *
 * Outside the identity registry, `StatusListFetcher` is the StatusListSource: it fetches status list
 * credentials over HTTP(S) only from the origins the caller allows (anything else is refused before any
 * connection), verifies them, and caches them by Cache-Control max-age and ETag, with a body cap and a
 * timeout. The registry reads its own lists from its database instead.
 */
export * from './bitstring.util';
export * from './cache-control.util';
export * from './credential-status.checker';
export * from './credential.model';
export * from './credential.verifier';
export * from './issuer-trust.policy';
export * from './issuer.resolver';
export * from './origin-allow-list';
export * from './status-list-http.client';
export * from './status-list.fetcher';
export * from './status-list.source';
export * from './vc-jwt.util';
export * from './verdict.model';
