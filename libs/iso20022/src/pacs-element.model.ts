// The element tree each message carries, in XSD sequence order. One description drives both the XML
// renderer (element order) and the parser (what is kept; anything else is unmodelled), and a test
// holds the JSON Schemas in contracts/schemas/iso20022 to the same names and order.

/** How one element maps to JSON: text, an amount with its Ccy attribute, or a group of children. */
export type ElementModel =
  | { readonly kind: 'text' }
  | { readonly kind: 'amount' }
  | { readonly kind: 'group'; readonly children: readonly ChildModel[]; readonly choice?: boolean };

/** A child element: its name, its model, and whether it may be absent. */
export interface ChildModel {
  readonly name: string;
  readonly model: ElementModel;
  readonly optional: boolean;
}

const text: ElementModel = { kind: 'text' };
const amount: ElementModel = { kind: 'amount' };
const req = (name: string, model: ElementModel): ChildModel => ({ name, model, optional: false });
const opt = (name: string, model: ElementModel): ChildModel => ({ name, model, optional: true });
const group = (...children: ChildModel[]): ElementModel => ({ kind: 'group', children });
const choice = (...children: ChildModel[]): ElementModel => ({ kind: 'group', children, choice: true });

const otherId = group(req('Id', text));
const agent = group(
  req('FinInstnId', group(opt('ClrSysMmbId', group(req('MmbId', text))), opt('Othr', otherId))),
);
const party = group(
  opt('Nm', text),
  opt('Id', choice(opt('OrgId', group(req('Othr', otherId))), opt('PrvtId', group(req('Othr', otherId))))),
);
const codeOrProprietary = choice(opt('Cd', text), opt('Prtry', text));
const account = group(
  req('Id', group(req('Othr', otherId))),
  opt('Prxy', group(opt('Tp', codeOrProprietary), req('Id', text))),
);

/** FIToFICstmrCdtTrf (pacs.008.001.08 and .09; .08 has no MndtRltdInf). */
export const PACS008_MODEL = group(
  req(
    'GrpHdr',
    group(
      req('MsgId', text),
      req('CreDtTm', text),
      req('NbOfTxs', text),
      req('SttlmInf', group(req('SttlmMtd', text))),
    ),
  ),
  req(
    'CdtTrfTxInf',
    group(
      req('PmtId', group(req('EndToEndId', text), opt('TxId', text))),
      req('IntrBkSttlmAmt', amount),
      req('ChrgBr', text),
      opt('MndtRltdInf', group(req('Tp', group(req('LclInstrm', group(req('Prtry', text))))))),
      req('Dbtr', party),
      req('DbtrAcct', account),
      req('DbtrAgt', agent),
      req('CdtrAgt', agent),
      req('Cdtr', party),
      req('CdtrAcct', account),
      opt('Purp', codeOrProprietary),
      opt('RmtInf', group(req('Ustrd', text))),
    ),
  ),
);

/** FIToFIPmtStsRpt (pacs.002.001.10). */
export const PACS002_MODEL = group(
  req('GrpHdr', group(req('MsgId', text), req('CreDtTm', text))),
  opt('OrgnlGrpInfAndSts', group(req('OrgnlMsgId', text), req('OrgnlMsgNmId', text))),
  req(
    'TxInfAndSts',
    group(
      req('OrgnlEndToEndId', text),
      opt('OrgnlTxId', text),
      req('TxSts', text),
      opt('StsRsnInf', group(req('Rsn', group(req('Cd', text))), opt('AddtlInf', text))),
    ),
  ),
);
