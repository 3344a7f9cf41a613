import { Resolver } from 'did-resolver';
import { base58btcEncode } from './base58btc.util';
import {
  didKeyDocument,
  didKeyFromPublicKey,
  ed25519PublicKeyFromMultibase,
  getDidKeyResolver,
} from './did-key.driver';
import { ed25519PrivateKeyFromSeed, rawEd25519PublicKey } from './ed25519-key.util';

// w3c-ccg/did-method-key test-vectors/ed25519-x25519.json: seed -> did:key and publicKeyBase58.
const SPEC_VECTORS = [
  [
    '0000000000000000000000000000000000000000000000000000000000000000',
    'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp',
    '4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS',
  ],
  [
    '0000000000000000000000000000000000000000000000000000000000000001',
    'did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG',
    '6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt',
  ],
  [
    '0000000000000000000000000000000000000000000000000000000000000002',
    'did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf',
    '8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH',
  ],
  [
    '0000000000000000000000000000000000000000000000000000000000000003',
    'did:key:z6MkvqoYXQfDDJRv8L4wKzxYeuKyVZBfi9Qo6Ro8MiLH3kDQ',
    'HPYVwAQmskwT1qEEeRzhoomyfyupJGASQQtCXSNG8XS2',
  ],
  [
    '0000000000000000000000000000000000000000000000000000000000000004',
    'did:key:z6MkwW6aqMnjgrhJXFUko3NnZPGzVpkNzhYK7yEhnsibmLwL',
    'J3qYF7YJMKCqQke47UQwiHizgFUXapHxRxKmxbkar89x',
  ],
] as const;

describe('did:key driver', () => {
  it.each(SPEC_VECTORS)('derives the spec vector for seed %s', (seed, did, publicKeyBase58) => {
    const privateKey = ed25519PrivateKeyFromSeed(Buffer.from(seed, 'hex'));
    expect(didKeyFromPublicKey(privateKey)).toBe(did);
    expect(base58btcEncode(rawEd25519PublicKey(privateKey))).toBe(publicKeyBase58);
    const fromDid = ed25519PublicKeyFromMultibase(did.slice('did:key:'.length));
    expect(base58btcEncode(rawEd25519PublicKey(fromDid))).toBe(publicKeyBase58);
  });

  it('resolves a spec DID through did-resolver to a Multikey document listing the key under assertionMethod', async () => {
    const [, did] = SPEC_VECTORS[0];
    const result = await new Resolver(getDidKeyResolver()).resolve(did);
    const vmId = `${did}#${did.slice(8)}`;
    expect(result.didResolutionMetadata.error).toBeUndefined();
    expect(result.didDocument).toEqual(didKeyDocument(did));
    expect(result.didDocument?.verificationMethod).toEqual([
      { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: did.slice(8) },
    ]);
    expect(result.didDocument?.assertionMethod).toEqual([vmId]);
  });

  it('answers invalidDid for a malformed did:key and invalidPublicKeyType for a non-Ed25519 multikey', async () => {
    const resolver = new Resolver(getDidKeyResolver());
    expect((await resolver.resolve('did:key:z0OIl')).didResolutionMetadata.error).toBe('invalidDid');
    // An X25519 did:key (multicodec 0xec) from the same spec family.
    const x25519 = await resolver.resolve('did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW');
    expect(x25519.didResolutionMetadata.error).toBe('invalidPublicKeyType');
    expect(x25519.didDocument).toBeNull();
  });
});
