import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runIso20022Command } from './iso20022.cli';

const REPO = join(__dirname, '..', '..', '..');
const CONTRACTS = join(REPO, 'contracts');
const vector = (name: string) =>
  (JSON.parse(readFileSync(join(CONTRACTS, 'vectors', 'iso20022', name), 'utf8')) as { json: object }).json;

describe('npm run iso20022', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iso20022-cli-'));
  const write = (name: string, content: string) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const transfer = write('transfer.json', JSON.stringify(vector('01-valid-pacs008-alias.json')));

  it('checks a valid pacs.008 and renders it as the XML of its vector, which parses back to the same JSON', () => {
    expect(runIso20022Command(['check', transfer], CONTRACTS)).toEqual({ output: 'valid pacs.008', code: 0 });
    const xml = runIso20022Command(['to-xml', transfer], CONTRACTS);
    expect(xml.code).toBe(0);
    expect(xml.output.trim()).toBe(
      readFileSync(join(CONTRACTS, 'vectors', 'iso20022', '01-valid-pacs008-alias.xml'), 'utf8').trim(),
    );
    const back = runIso20022Command(['to-json', write('transfer.xml', xml.output)], CONTRACTS);
    expect(JSON.parse(back.output)).toEqual(vector('01-valid-pacs008-alias.json'));
  });

  it('renders a pacs.002 status report and reads it back', () => {
    const status = write('status.json', JSON.stringify(vector('04-valid-pacs002-settled.json')));
    const xml = runIso20022Command(['to-xml', status], CONTRACTS);
    expect(xml.output).toContain('urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10');
    expect(
      JSON.parse(runIso20022Command(['to-json', write('status.xml', xml.output)], CONTRACTS).output),
    ).toEqual(vector('04-valid-pacs002-settled.json'));
  });

  it('refuses with the ISO reason code and where: too many decimals (AM12), not JSON, not a pacs message (FF01)', () => {
    const message = vector('01-valid-pacs008-alias.json') as {
      CdtTrfTxInf: { IntrBkSttlmAmt: { Amt: string } };
    };
    message.CdtTrfTxInf.IntrBkSttlmAmt.Amt = '150.001';
    expect(runIso20022Command(['check', write('bad.json', JSON.stringify(message))], CONTRACTS)).toEqual({
      output: 'refused AM12 at /CdtTrfTxInf/IntrBkSttlmAmt/Amt: BRL has 2 decimal(s), the amount has 3',
      code: 1,
    });
    expect(runIso20022Command(['check', write('text.json', 'not json')], CONTRACTS).output).toMatch(
      /^refused FF01/,
    );
    expect(runIso20022Command(['check', write('other.json', '{"a":1}')], CONTRACTS).output).toMatch(
      /^refused FF01 at \/: neither a pacs.008/,
    );
  });

  it('explains its usage for an unknown command or a bad --version', () => {
    expect(runIso20022Command(['convert', transfer], CONTRACTS).code).toBe(2);
    expect(runIso20022Command(['to-xml', transfer, '--version', 'pacs.008.001.02'], CONTRACTS)).toEqual({
      output: '--version must be one of pacs.008.001.09, pacs.008.001.08',
      code: 2,
    });
  });
});
