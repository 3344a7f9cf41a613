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
 */
export * from './bitstring.util';
export * from './credential-status.checker';
export * from './credential.model';
export * from './credential.verifier';
export * from './issuer-trust.policy';
export * from './issuer.resolver';
export * from './status-list.source';
export * from './vc-jwt.util';
export * from './verdict.model';
