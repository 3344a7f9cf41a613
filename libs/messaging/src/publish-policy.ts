import { z } from 'zod';

/** Who may publish which event types on which topic. `*` in any field matches any run of characters. */
export interface PublishRule {
  /** Publisher DID, or a pattern such as `did:key:*`. */
  source: string;
  topic: string;
  types: string[];
}

/** The configuration shape of a publish policy, e.g. from a JSON file or environment variable. */
export const publishPolicySchema = z.object({
  rules: z.array(
    z.object({
      source: z.string().min(1),
      topic: z.string().min(1),
      types: z.array(z.string().min(1)).min(1),
    }),
  ),
});

function pattern(glob: string): RegExp {
  const escaped = glob.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

interface CompiledRule {
  source: RegExp;
  topic: RegExp;
  types: RegExp[];
}

/** A deny-by-default publish policy: an event passes only if some rule names its source, topic and type. */
export class PublishPolicy {
  private readonly rules: CompiledRule[];

  constructor(rules: readonly PublishRule[]) {
    this.rules = rules.map((rule) => ({
      source: pattern(rule.source),
      topic: pattern(rule.topic),
      types: rule.types.map(pattern),
    }));
  }

  /** Builds a policy from untrusted configuration (`{ rules: [...] }`), failing with the offending path. */
  static fromConfig(config: unknown): PublishPolicy {
    const parsed = publishPolicySchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `invalid publish policy at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'unknown error'}`,
      );
    }
    return new PublishPolicy(parsed.data.rules);
  }

  /** True when `source` may publish `type` on `topic`. */
  allows(source: string, topic: string, type: string): boolean {
    return this.rules.some(
      (rule) => rule.source.test(source) && rule.topic.test(topic) && rule.types.some((t) => t.test(type)),
    );
  }
}

/** Parses the text of a publish policy file (`{ "rules": [...] }`); the error names the file and what is wrong. */
export function parsePublishPolicyFile(path: string, text: string): PublishPolicy {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`The publish policy file ${path} is not JSON: ${(error as Error).message}`);
  }
  try {
    return PublishPolicy.fromConfig(config);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
