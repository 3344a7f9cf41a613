// npm run iso20022 -- <command> <file>: the switch's message layer from the command line, for people
// and tools that speak ISO 20022 XML or want to check a message before sending it.
//   check <file.json>                 the switch's verdict on a pacs.008 / pacs.002 JSON message
//   to-xml <file.json> [--version V]  the message as ISO XML (pacs.008.001.09 by default, or .08)
//   to-json <file.xml>                ISO XML (a Document or a Pix Envelope) as the switch's JSON
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Iso20022Error } from './iso20022.error';
import { PacsMessageChecker } from './pacs-message.checker';
import {
  PACS008_VERSIONS,
  parsePacs002Xml,
  parsePacs008Xml,
  renderPacs002Xml,
  renderPacs008Xml,
  type Pacs008Version,
} from './pacs-xml.codec';

const USAGE = `Usage: npm run iso20022 -- check <file.json>
       npm run iso20022 -- to-xml <file.json> [--version ${PACS008_VERSIONS.join('|')}]
       npm run iso20022 -- to-json <file.xml>`;

/** The repository's contracts folder, from the built file (dist/libs/iso20022/src) or the source. */
function contractsDir(): string {
  for (const up of [
    ['..', '..', '..', '..'],
    ['..', '..', '..'],
  ]) {
    const candidate = join(__dirname, ...up, 'contracts');
    if (existsSync(join(candidate, 'schemas', 'iso20022'))) return candidate;
  }
  return join(process.cwd(), 'contracts');
}

/** Runs one command; returns what to print and the exit code (0 done, 1 refused, 2 usage). */
export function runIso20022Command(
  args: string[],
  contracts = contractsDir(),
): { output: string; code: number } {
  const [command, file, ...rest] = args;
  if (!command || !file || !['check', 'to-xml', 'to-json'].includes(command))
    return { output: USAGE, code: 2 };
  const text = readFileSync(file, 'utf8');
  try {
    if (command === 'to-json') {
      const parsed = /<(?:\w+:)?TxInfAndSts[\s>]/.test(text) ? parsePacs002Xml(text) : parsePacs008Xml(text);
      return { output: JSON.stringify(parsed.message, null, 2), code: 0 };
    }
    const checked = PacsMessageChecker.fromContracts(contracts).check(JSON.parse(text) as unknown);
    if (command === 'check') return { output: `valid ${checked.kind}`, code: 0 };
    const version = rest[0] === '--version' ? rest[1] : undefined;
    if (version !== undefined && !PACS008_VERSIONS.includes(version as Pacs008Version))
      return { output: `--version must be one of ${PACS008_VERSIONS.join(', ')}`, code: 2 };
    return {
      output:
        checked.kind === 'pacs.008'
          ? renderPacs008Xml(checked.message, version as Pacs008Version | undefined)
          : renderPacs002Xml(checked.message),
      code: 0,
    };
  } catch (error) {
    if (error instanceof Iso20022Error)
      return { output: `refused ${error.code} at ${error.path}: ${error.reason}`, code: 1 };
    if (error instanceof SyntaxError) return { output: `refused FF01 at /: ${file} is not JSON`, code: 1 };
    throw error;
  }
}

if (require.main === module) {
  const { output, code } = runIso20022Command(process.argv.slice(2));
  (code === 0 ? process.stdout : process.stderr).write(`${output}\n`);
  process.exitCode = code;
}
