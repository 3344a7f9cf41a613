import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { didKeyDocument } from '@dpi/did';
import type { EnvelopeVerifier } from '../envelope.verifier';
import {
  buildMessageVectors,
  vectorFileText,
  vectorKeys,
  vectorKeysFile,
  type MessageVector,
  type VectorVerdict,
} from './message-vectors';
import { recordOfVector, verifierForVector } from './vector-verifier.util';

const VECTORS_DIR = join(__dirname, '..', '..', '..', '..', 'contracts', 'vectors', 'messages');
const files = readdirSync(VECTORS_DIR)
  .filter((name) => /^\d\d-.*\.json$/.test(name))
  .sort();
const load = (name: string) => JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')) as MessageVector;

function verdictOf(result: Awaited<ReturnType<EnvelopeVerifier['verify']>>): VectorVerdict {
  return result.ok
    ? { verdict: 'accept' }
    : { verdict: 'reject', reason: result.reason, transient: result.transient };
}

describe('message vectors (contracts/vectors/messages)', () => {
  it('has vector files to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s gives its expected verdict', async (name) => {
    const vector = load(name);
    const verifier = verifierForVector(vector);
    const inbox = new Set<string>();
    const deliver = async (): Promise<VectorVerdict> => {
      const result = await verifier.verify(recordOfVector(vector));
      if (!result.ok) return verdictOf(result);
      // The inbox is the Kafka consumer's; this stand-in records source + id as the spec says.
      const id = `${result.event.source} ${result.event.id}`;
      if (inbox.has(id)) return { verdict: 'skip', reason: 'DUPLICATE' };
      inbox.add(id);
      return { verdict: 'accept' };
    };
    expect(await deliver()).toEqual(vector.expected);
    if (vector.redelivery) expect(await deliver()).toEqual(vector.redelivery.expected);
  });

  it('did:key resolutions in the vectors equal the derived documents', () => {
    for (const name of files) {
      for (const [did, result] of Object.entries(load(name).didResolutions)) {
        if (did.startsWith('did:key:')) expect(result.didDocument).toEqual(didKeyDocument(did));
      }
    }
  });

  it('the committed files are exactly what the generator writes (regenerate with the CLI if not)', () => {
    const generated = buildMessageVectors();
    expect(files).toEqual([...generated.keys()].sort());
    for (const [name, vector] of generated)
      expect(readFileSync(join(VECTORS_DIR, name), 'utf8')).toBe(vectorFileText(vector));
    expect(readFileSync(join(VECTORS_DIR, 'keys.json'), 'utf8')).toBe(vectorFileText(vectorKeysFile()));
  });

  it('publishes no private key material, and each public key matches its seed', () => {
    expect(readFileSync(join(VECTORS_DIR, 'keys.json'), 'utf8')).not.toMatch(/"d"\s*:/);
    for (const key of vectorKeys()) {
      const { d: _d, ...derivedPublic } = key.privateKey.export({ format: 'jwk' });
      expect(key.publicJwk).toEqual(expect.objectContaining(derivedPublic));
    }
  });
});
