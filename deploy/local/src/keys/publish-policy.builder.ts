import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** One rule of a publish policy file (the shape `PublishPolicy.fromConfig` reads). */
export interface PolicyRule {
  source: string;
  topic: string;
  types: string[];
}

type Json = Record<string, unknown>;

function resolveRef(document: Json, value: unknown): Json {
  let current = value as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document) as Json;
  }
  return current;
}

/**
 * The publish policy the contracts imply: for every AsyncAPI `send` operation, each service named in its
 * `x-publishers` may publish that operation's message types on its channel's topic. Services without a
 * DID in `didsByService` get no rule (deny by default).
 */
export function buildPublishPolicy(
  asyncApiDir: string,
  didsByService: Record<string, string>,
): { rules: PolicyRule[] } {
  const rules: PolicyRule[] = [];
  const files = readdirSync(asyncApiDir)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  for (const file of files) {
    const document = parse(readFileSync(join(asyncApiDir, file), 'utf8')) as Json;
    for (const [name, raw] of Object.entries((document.operations ?? {}) as Json)) {
      const operation = raw as Json;
      if (operation.action !== 'send') continue;
      const publishers = operation['x-publishers'];
      if (!Array.isArray(publishers) || publishers.length === 0)
        throw new Error(`${file}: send operation ${name} names no x-publishers`);
      const channel = resolveRef(document, operation.channel);
      const topic = channel?.address;
      if (typeof topic !== 'string')
        throw new Error(`${file}: send operation ${name} has no channel address`);
      const types = ((operation.messages ?? []) as unknown[]).map(
        (message) => resolveRef(document, message)?.name,
      );
      if (types.length === 0 || types.some((type) => typeof type !== 'string'))
        throw new Error(`${file}: send operation ${name} has a message without a name`);
      for (const service of publishers as string[]) {
        const did = didsByService[service];
        if (did) rules.push({ source: did, topic, types: types as string[] });
      }
    }
  }
  return { rules };
}
