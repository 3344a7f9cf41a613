import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import { parsePacs002Xml, parsePacs008Xml, renderPacs002Xml, renderPacs008Xml } from './pacs-xml.codec';
import { schemaErrors, xsdErrors } from './testing/iso-contracts.fixture';
import { aPacs002, aPacs008 } from './testing/pacs.fixture';

function refusal(run: () => unknown): Pick<Iso20022Error, 'code' | 'path'> {
  try {
    run();
  } catch (error) {
    if (error instanceof Iso20022Error) return { code: error.code, path: error.path };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('pacs.008 XML', () => {
  it('renders a Document in the pacs.008.001.09 namespace that validates against the official XSD', async () => {
    const xml = renderPacs008Xml(aPacs008());
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.09">');
    expect(xml).toContain('<IntrBkSttlmAmt Ccy="BRL">150.00</IntrBkSttlmAmt>');
    expect(await xsdErrors('pacs.008.001.09', xml)).toEqual([]);
  });

  it('renders pacs.008.001.08 (without MndtRltdInf) that validates against its XSD', async () => {
    const message = aPacs008();
    delete message.CdtTrfTxInf.MndtRltdInf;
    const xml = renderPacs008Xml(message, 'pacs.008.001.08');
    expect(await xsdErrors('pacs.008.001.08', xml)).toEqual([]);
    expect(parsePacs008Xml(xml)).toEqual({ messageName: 'pacs.008.001.08', message, dropped: [] });
  });

  it('refuses to render MndtRltdInf as pacs.008.001.08, which has no such element', () => {
    expect(refusal(() => renderPacs008Xml(aPacs008(), 'pacs.008.001.08')).code).toBe(
      IsoReasonCode.InvalidFileFormat,
    );
  });

  it('parses its own rendering back to the same JSON, escaped text included', () => {
    const xml = renderPacs008Xml(aPacs008());
    expect(xml).toContain('Lunch &amp; &lt;coffee&gt;');
    expect(parsePacs008Xml(xml)).toEqual({
      messageName: 'pacs.008.001.09',
      message: aPacs008(),
      dropped: [],
    });
  });

  it('keeps amounts and identifiers as strings (no number parsing)', async () => {
    const message = aPacs008();
    message.CdtTrfTxInf.IntrBkSttlmAmt.Amt = '100.10';
    message.CdtTrfTxInf.DbtrAcct.Id.Othr.Id = '000123';
    const xml = renderPacs008Xml(message);
    expect(await xsdErrors('pacs.008.001.09', xml)).toEqual([]);
    const parsed = parsePacs008Xml(xml).message;
    expect(parsed.CdtTrfTxInf.IntrBkSttlmAmt.Amt).toBe('100.10');
    expect(parsed.CdtTrfTxInf.DbtrAcct.Id.Othr.Id).toBe('000123');
  });

  it('refuses an element it does not model by default, and lists it when told to drop', () => {
    const xml = renderPacs008Xml(aPacs008()).replace(
      '<ChrgBr>',
      '<AccptncDtTm>2026-11-29T14:05:00Z</AccptncDtTm><ChrgBr>',
    );
    expect(refusal(() => parsePacs008Xml(xml))).toEqual({
      code: 'FF01',
      path: '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/AccptncDtTm',
    });
    const parsed = parsePacs008Xml(xml, 'drop');
    expect(parsed.dropped).toEqual(['/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/AccptncDtTm']);
    expect(parsed.message).toEqual(aPacs008());
  });

  it('ignores namespace declarations and xsi: hints on Document, and refuses any other attribute', () => {
    const xml = renderPacs008Xml(aPacs008());
    const hinted = xml.replace(
      '<Document ',
      '<Document xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x a.xsd" ',
    );
    expect(parsePacs008Xml(hinted).message).toEqual(aPacs008());
    expect(refusal(() => parsePacs008Xml(xml.replace('<Document ', '<Document version="2" ')))).toEqual({
      code: 'FF01',
      path: '/Document/@version',
    });
  });

  it('refuses a second transaction: a message carries one', () => {
    const xml = renderPacs008Xml(aPacs008());
    const tx = xml.slice(
      xml.indexOf('<CdtTrfTxInf>'),
      xml.indexOf('</CdtTrfTxInf>') + '</CdtTrfTxInf>'.length,
    );
    expect(refusal(() => parsePacs008Xml(xml.replace(tx, tx + tx)))).toEqual({
      code: 'FF01',
      path: '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf',
    });
  });

  it.each([
    [
      'a missing required element',
      (xml: string) => xml.replace(/<ChrgBr>SLEV<\/ChrgBr>/, ''),
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/ChrgBr',
    ],
    [
      'an amount without Ccy',
      (xml: string) => xml.replace(' Ccy="BRL"', ''),
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/IntrBkSttlmAmt/@Ccy',
    ],
    [
      'another message namespace',
      (xml: string) => xml.replace('pacs.008.001.09', 'pacs.008.001.07'),
      '/Document/@xmlns',
    ],
    ['a pacs.002 given as pacs.008', () => renderPacs002Xml(aPacs002()), '/Document/@xmlns'],
    ['XML that is not well-formed', (xml: string) => xml.replace('</GrpHdr>', ''), '/'],
    [
      'a DOCTYPE (entity expansion)',
      (xml: string) => xml.replace('<Document', '<!DOCTYPE Document [<!ENTITY x "y">]><Document'),
      '/',
    ],
    [
      'namespace prefixes',
      (xml: string) => xml.replace(/<(\/?)Document/g, '<$1n:Document').replace('xmlns=', 'xmlns:n='),
      '/',
    ],
    [
      'text in a group element',
      (xml: string) => xml.replace('<PmtId>', '<PmtId>stray'),
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/PmtId',
    ],
    [
      'both choices of Purp',
      (xml: string) => xml.replace('<Cd>IPAY</Cd>', '<Cd>IPAY</Cd><Prtry>X</Prtry>'),
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/Purp',
    ],
  ])('refuses %s with FF01', (_name, mutate, path) => {
    expect(refusal(() => parsePacs008Xml(mutate(renderPacs008Xml(aPacs008()))))).toEqual({
      code: 'FF01',
      path,
    });
  });

  it('refuses to render JSON with an element that is not in the message', () => {
    const message = { ...aPacs008(), Extra: 'x' } as never;
    expect(refusal(() => renderPacs008Xml(message))).toEqual({
      code: 'FF01',
      path: 'FIToFICstmrCdtTrf/Extra',
    });
  });

  it('refuses to render an empty party, which would parse back as missing', () => {
    const message = aPacs008();
    message.CdtTrfTxInf.Cdtr = {};
    expect(refusal(() => renderPacs008Xml(message))).toEqual({
      code: 'FF01',
      path: 'FIToFICstmrCdtTrf/CdtTrfTxInf/Cdtr',
    });
    expect(schemaErrors('pacs.008', message)).toEqual([
      '/CdtTrfTxInf/Cdtr must NOT have fewer than 1 properties',
    ]);
  });

  it('refuses control characters, which XML cannot carry, in the schema, the renderer and the parser', () => {
    const message = aPacs008();
    message.CdtTrfTxInf.RmtInf = { Ustrd: 'line one\u0000' };
    expect(refusal(() => renderPacs008Xml(message))).toEqual({
      code: 'FF01',
      path: 'FIToFICstmrCdtTrf/CdtTrfTxInf/RmtInf/Ustrd',
    });
    expect(schemaErrors('pacs.008', message)[0]).toMatch(/^\/CdtTrfTxInf\/RmtInf\/Ustrd must match pattern/);
    const xml = renderPacs008Xml(aPacs008()).replace('Lunch &amp;', 'Lunch&#13;&amp;');
    expect(refusal(() => parsePacs008Xml(xml))).toEqual({
      code: 'FF01',
      path: '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/RmtInf/Ustrd',
    });
  });

  it('trims only XML white space around a value', () => {
    const xml = renderPacs008Xml(aPacs008()).replace('<Ustrd>Lunch', '<Ustrd>\n  \u00a0Lunch');
    expect(parsePacs008Xml(xml).message.CdtTrfTxInf.RmtInf?.Ustrd).toBe('\u00a0Lunch & <coffee>');
  });

  it('parses the JSON that the schema accepts', () => {
    expect(schemaErrors('pacs.008', parsePacs008Xml(renderPacs008Xml(aPacs008())).message)).toEqual([]);
  });
});

describe('pacs.002 XML', () => {
  it('renders pacs.002.001.10 that validates against the official XSD, and parses back', async () => {
    const xml = renderPacs002Xml(aPacs002());
    expect(xml).toContain('<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10">');
    expect(await xsdErrors('pacs.002.001.10', xml)).toEqual([]);
    expect(parsePacs002Xml(xml)).toEqual({
      messageName: 'pacs.002.001.10',
      message: aPacs002(),
      dropped: [],
    });
  });

  it('renders an acceptance without reason or original group', async () => {
    const message = aPacs002();
    delete message.OrgnlGrpInfAndSts;
    message.TxInfAndSts = { OrgnlEndToEndId: message.TxInfAndSts.OrgnlEndToEndId, TxSts: 'ACSC' };
    const xml = renderPacs002Xml(message);
    expect(await xsdErrors('pacs.002.001.10', xml)).toEqual([]);
    expect(parsePacs002Xml(xml).message).toEqual(message);
  });
});
