import { join } from 'node:path';
import { createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';

const REPO_ROOT = join(__dirname, '..', '..');
const RULE = '@nx/enforce-module-boundaries';

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

// The rule needs Nx's project graph and would skip itself silently without one; these cases prove it runs.
describe('Nx module boundaries (eslint)', () => {
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it('refuses a service that imports another service', async () => {
    const messages = await lint(
      'services/payment-switch/src/probe.ts',
      "import { identityRegistryService } from '../../identity-registry/src/service.definition';\nexport const probe = identityRegistryService;\n",
    );
    expect(messages.some((message) => message.startsWith(RULE))).toBe(true);
  });

  it('refuses a library that imports a service', async () => {
    const messages = await lint(
      'libs/messaging/src/probe.ts',
      "import { paymentSwitchService } from '../../../services/payment-switch/src/service.definition';\nexport const probe = paymentSwitchService;\n",
    );
    expect(messages.some((message) => message.startsWith(RULE))).toBe(true);
  });

  it('lets a service import a library through its alias', async () => {
    const messages = await lint(
      'services/payment-switch/src/probe.ts',
      "import { loadConfig } from '@dpi/service-kit';\nexport const probe = loadConfig;\n",
    );
    expect(messages).toEqual([]);
  });
});
