import { existsSync, readFileSync } from 'node:fs';
import { parsePublishPolicyFile, type PublishPolicy } from '../publish-policy';

/** The policy the tail verifies with: from a file, or none (the policy step is then not checked). */
export type TailPolicy = { kind: 'file'; path: string; policy: PublishPolicy } | { kind: 'none' };

/** Which policy file applies: the one named (it must exist), else `defaultFile` when it exists, else none. */
export function choosePolicyFile(
  named: string | undefined,
  defaultFile: string,
  exists: (path: string) => boolean,
): string | undefined {
  if (named !== undefined) {
    if (!exists(named)) throw new Error(`The publish policy file ${named} does not exist`);
    return named;
  }
  return exists(defaultFile) ? defaultFile : undefined;
}

/** Loads the tail's publish policy from the file named by --policy / PUBLISH_POLICY_FILE or the default one. */
export function loadTailPolicy(named: string | undefined, defaultFile: string): TailPolicy {
  const path = choosePolicyFile(named, defaultFile, existsSync);
  if (path === undefined) return { kind: 'none' };
  return { kind: 'file', path, policy: parsePublishPolicyFile(path, readFileSync(path, 'utf8')) };
}
