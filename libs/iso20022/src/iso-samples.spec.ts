import { Iso20022Error } from './iso20022.error';
import { validatePacs002, validatePacs008 } from './pacs-business.validator';
import {
  parsePacs002Xml,
  parsePacs008Xml,
  renderPacs002Xml,
  renderPacs008Xml,
  type Pacs008Version,
} from './pacs-xml.codec';
import { listContracts, readContract, schemaErrors, xsdErrors } from './testing/iso-contracts.fixture';

// The real messages of contracts/iso20022/samples (Fedwire, Pix). Each parses, with the elements the
// sandbox does not model listed as dropped, to JSON its schema accepts, and renders back to XML that the
// official XSD accepts; in the default 'refuse' mode the first unmodelled element is refused (FF01).

const TX8 = '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf';
const TX2 = '/Document/FIToFIPmtStsRpt/TxInfAndSts';
const fedwireAgent = (agent: string): string[] => [
  `${TX8}/${agent}/FinInstnId/ClrSysMmbId/ClrSysId`,
  `${TX8}/${agent}/FinInstnId/Nm`,
  `${TX8}/${agent}/FinInstnId/PstlAdr`,
];

const EXPECTED: Record<string, { dropped: string[]; businessCode: string }> = {
  'fedwire-pacs.008-CustomerCreditTransfer_Scenario1_Step1.xml': {
    dropped: [
      '/Document/FIToFICstmrCdtTrf/GrpHdr/SttlmInf/ClrSys',
      `${TX8}/PmtTpInf`,
      `${TX8}/IntrBkSttlmDt`,
      `${TX8}/InstdAmt`,
      `${TX8}/InstgAgt`,
      `${TX8}/InstdAgt`,
      `${TX8}/RmtInf/Strd`,
      `${TX8}/PmtId/InstrId`,
      `${TX8}/PmtId/UETR`,
      `${TX8}/Dbtr/PstlAdr`,
      ...fedwireAgent('DbtrAgt'),
      ...fedwireAgent('CdtrAgt'),
      `${TX8}/Cdtr/PstlAdr`,
    ],
    // Its agents are ABA routing numbers, not did:dpi DIDs.
    businessCode: 'RC01',
  },
  'pix-pacs.008-dict.xml': {
    dropped: [
      '/Envelope/AppHdr',
      '/Document/FIToFICstmrCdtTrf/GrpHdr/PmtTpInf',
      `${TX8}/AccptncDtTm`,
      `${TX8}/DbtrAcct/Tp`,
      `${TX8}/DbtrAcct/Id/Othr/Issr`,
      `${TX8}/CdtrAcct/Tp`,
      `${TX8}/CdtrAcct/Id/Othr/Issr`,
    ],
    // Its agents are ISPBs, not did:dpi DIDs.
    businessCode: 'RC01',
  },
  'pix-pacs.002-accc.xml': {
    dropped: ['/Envelope/AppHdr', `${TX2}/OrgnlInstrId`, `${TX2}/FctvIntrBkSttlmDt`, `${TX2}/OrgnlTxRef`],
    // E + "00000000": 0 is not a base58 character, so no sandbox participant made it.
    businessCode: 'FF08',
  },
  'pix-pacs.002-rjct-am04.xml': {
    dropped: ['/Envelope/AppHdr', `${TX2}/OrgnlInstrId`],
    businessCode: 'FF08',
  },
};

function firstRefusal(run: () => unknown): Pick<Iso20022Error, 'code' | 'path'> | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof Iso20022Error) return { code: error.code, path: error.path };
    throw error;
  }
}

describe('ISO 20022 samples', () => {
  const samples = listContracts('iso20022/samples', /^.*pacs\.00[28].*\.xml$/);

  it('covers every pacs.008 and pacs.002 sample: four that parse and one that is refused', () => {
    expect(samples).toEqual(
      [...Object.keys(EXPECTED), 'fedwire-pacs.002-CustomerCreditTransfer_Scenario1_Step2.xml'].sort(),
    );
  });

  it.each(Object.entries(EXPECTED).filter(([file]) => file.includes('pacs.008')))(
    '%s parses to schema-valid JSON and renders back to XSD-valid XML',
    async (file, expected) => {
      const xml = readContract('iso20022/samples', file);
      const parsed = parsePacs008Xml(xml, 'drop');
      expect([...parsed.dropped].sort()).toEqual([...expected.dropped].sort());
      expect(schemaErrors('pacs.008', parsed.message)).toEqual([]);
      expect(validatePacs008(parsed.message)?.code).toBe(expected.businessCode);
      const rendered = renderPacs008Xml(parsed.message, parsed.messageName as Pacs008Version);
      expect(await xsdErrors(parsed.messageName, rendered)).toEqual([]);
      expect(parsePacs008Xml(rendered)).toEqual({ ...parsed, dropped: [] });
      expect(firstRefusal(() => parsePacs008Xml(xml))).toEqual({ code: 'FF01', path: parsed.dropped[0] });
    },
  );

  it.each(Object.entries(EXPECTED).filter(([file]) => file.includes('pacs.002')))(
    '%s parses to schema-valid JSON and renders back to XSD-valid XML',
    async (file, expected) => {
      const xml = readContract('iso20022/samples', file);
      const parsed = parsePacs002Xml(xml, 'drop');
      expect(parsed.dropped).toEqual(expected.dropped);
      expect(schemaErrors('pacs.002', parsed.message)).toEqual([]);
      expect(validatePacs002(parsed.message)?.code).toBe(expected.businessCode);
      const rendered = renderPacs002Xml(parsed.message);
      expect(await xsdErrors(parsed.messageName, rendered)).toEqual([]);
      expect(parsePacs002Xml(rendered)).toEqual({ ...parsed, dropped: [] });
      expect(firstRefusal(() => parsePacs002Xml(xml))).toEqual({ code: 'FF01', path: parsed.dropped[0] });
    },
  );

  it('refuses the Fedwire pacs.002 in both modes: it names the transaction by UETR, without OrgnlEndToEndId', () => {
    const xml = readContract(
      'iso20022/samples',
      'fedwire-pacs.002-CustomerCreditTransfer_Scenario1_Step2.xml',
    );
    const expected = { code: 'FF01', path: `${TX2}/OrgnlEndToEndId` };
    expect(firstRefusal(() => parsePacs002Xml(xml, 'drop'))).toEqual(expected);
    expect(firstRefusal(() => parsePacs002Xml(xml))).toEqual({ code: 'FF01', path: `${TX2}/OrgnlGrpInf` });
  });
});
