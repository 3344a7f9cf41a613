import fc from 'fast-check';

import { parsePacs008Xml, renderPacs008Xml } from './pacs-xml.codec';
import { schemaErrors } from './testing/iso-contracts.fixture';
import { aPacs008 } from './testing/pacs.fixture';

// Free text is where XML escaping bites: any schema-valid text must come back unchanged.
const freeText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .string({ unit: 'binary', minLength: 1, maxLength })
    .filter((text) => text.trim() === text && text !== '');

describe('pacs.008 XML round trip (property)', () => {
  it('parses back every schema-valid free text unchanged', () => {
    fc.assert(
      fc.property(freeText(140), freeText(140), freeText(34), (ustrd, name, account) => {
        const message = aPacs008();
        message.CdtTrfTxInf.RmtInf = { Ustrd: ustrd };
        message.CdtTrfTxInf.Cdtr.Nm = name;
        message.CdtTrfTxInf.CdtrAcct.Id.Othr.Id = account;
        if (schemaErrors('pacs.008', message).length > 0) return;
        expect(parsePacs008Xml(renderPacs008Xml(message)).message).toEqual(message);
      }),
      { numRuns: 300 },
    );
  });
});
