import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { didKeyFromPublicKey, didKeyVerificationMethodId, generateEd25519KeyPair } from '@dpi/did';
import { EnvelopeSigner } from '@dpi/messaging';

const ASYNCAPI_DIR = join(__dirname, '..', '..', 'contracts', 'asyncapi');
type Json = Record<string, unknown>;

// Every message each contract declares, with its channel address, its headers schema and its name.
const messages = readdirSync(ASYNCAPI_DIR)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => {
    const document = parse(readFileSync(join(ASYNCAPI_DIR, file), 'utf8')) as Json;
    const components = document.components as {
      messages: Record<string, Json>;
      schemas: Record<string, Json>;
    };
    return Object.values(document.channels as Record<string, Json>).flatMap((channel) =>
      Object.values(channel.messages as Record<string, { $ref: string }>).map((ref) => {
        const message = components.messages[ref.$ref.split('/').pop() as string] as Json;
        const headers =
          components.schemas[(message.headers as { $ref: string }).$ref.split('/').pop() as string];
        return [file, message.name as string, channel.address as string, headers] as const;
      }),
    );
  });

describe('AsyncAPI message headers against what the signer really produces', () => {
  const { privateKey, publicKey } = generateEd25519KeyPair();
  const source = didKeyFromPublicKey(publicKey);
  const signer = new EnvelopeSigner({ privateKey, kid: didKeyVerificationMethodId(source), source });
  const ajv = new Ajv({ strict: false });
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);

  it('declares messages to check', () => {
    expect(messages.length).toBeGreaterThanOrEqual(4);
  });

  it.each(messages)(
    '%s %s: a signed record on %s has exactly the headers the contract requires',
    (_file, type, topic, schema) => {
      const record = signer.sign({ topic, key: 'k', type, subject: 'subject', data: {} });
      const validate = ajv.compile(schema as object);
      expect(validate(record.headers) ? [] : validate.errors).toEqual([]);
      expect(Object.keys(record.headers)).toEqual(
        expect.arrayContaining((schema as { required: string[] }).required),
      );
    },
  );
});
