import { readFile } from 'node:fs/promises';
import { parsePublishPolicyFile, PublishPolicy } from '@dpi/messaging';

/** The publish policy in `file` (JSON `{ "rules": [...] }`), or one that denies everything when there is none. */
export async function loadPublishPolicy(file: string | undefined): Promise<PublishPolicy> {
  if (!file) return new PublishPolicy([]);
  try {
    return parsePublishPolicyFile(file, await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`PUBLISH_POLICY_FILE: ${(error as Error).message}`);
  }
}
