import { readFile } from 'node:fs/promises';
import { PublishPolicy } from '@dpi/messaging';

/** The publish policy in `file` (JSON `{ "rules": [...] }`), or one that denies everything when there is none. */
export async function loadPublishPolicy(file: string | undefined): Promise<PublishPolicy> {
  if (!file) return new PublishPolicy([]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`PUBLISH_POLICY_FILE ${file} is not readable JSON: ${(error as Error).message}`);
  }
  try {
    return PublishPolicy.fromConfig(parsed);
  } catch (error) {
    throw new Error(`PUBLISH_POLICY_FILE ${file}: ${(error as Error).message}`);
  }
}
