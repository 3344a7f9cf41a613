import type { Pacs002, Pacs008 } from '../pacs-message.types';

// Two PSPs of the examples: the did:dpi DIDs of contracts/specs/did-method.md (did:key test seeds 0 and 1).
export const PAYER_PSP = 'did:dpi:LeeSNtAvGgEYGxjDCvrdVB';
export const PAYEE_PSP = 'did:dpi:QTkAD4spRzkpxBtMw8Zc7L';

/** A valid sandbox pacs.008: BRL 150.00 to an alias, initiated from the alias directory. */
export function aPacs008(): Pacs008 {
  return {
    GrpHdr: {
      MsgId: 'MLeeSNtAv0123456789ABCDEFabcdefg',
      CreDtTm: '2026-11-29T14:05:12.345Z',
      NbOfTxs: '1',
      SttlmInf: { SttlmMtd: 'CLRG' },
    },
    CdtTrfTxInf: {
      PmtId: { EndToEndId: 'ELeeSNtAv202611291405k3J9xQ2mZ7p' },
      IntrBkSttlmAmt: { Ccy: 'BRL', Amt: '150.00' },
      ChrgBr: 'SLEV',
      MndtRltdInf: { Tp: { LclInstrm: { Prtry: 'DICT' } } },
      Dbtr: { Id: { PrvtId: { Othr: { Id: 'cust-7f3a9c' } } } },
      DbtrAcct: { Id: { Othr: { Id: '0001-4455667' } } },
      DbtrAgt: { FinInstnId: { ClrSysMmbId: { MmbId: 'LeeSNtAv' }, Othr: { Id: PAYER_PSP } } },
      CdtrAgt: { FinInstnId: { ClrSysMmbId: { MmbId: 'QTkAD4sp' }, Othr: { Id: PAYEE_PSP } } },
      Cdtr: { Id: { PrvtId: { Othr: { Id: 'cust-19bd04' } } } },
      CdtrAcct: { Id: { Othr: { Id: '0002-9988776' } }, Prxy: { Tp: { Cd: 'TELE' }, Id: '+5561999990000' } },
      Purp: { Cd: 'IPAY' },
      RmtInf: { Ustrd: 'Lunch & <coffee>' },
    },
  };
}

/** A valid sandbox pacs.002 rejecting that transfer for insufficient funds. */
export function aPacs002(): Pacs002 {
  return {
    GrpHdr: { MsgId: 'MQTkAD4sp0123456789ABCDEFabcdefg', CreDtTm: '2026-11-29T14:05:12.912Z' },
    OrgnlGrpInfAndSts: { OrgnlMsgId: 'MLeeSNtAv0123456789ABCDEFabcdefg', OrgnlMsgNmId: 'pacs.008.001.09' },
    TxInfAndSts: {
      OrgnlEndToEndId: 'ELeeSNtAv202611291405k3J9xQ2mZ7p',
      TxSts: 'RJCT',
      StsRsnInf: { Rsn: { Cd: 'AM04' }, AddtlInf: 'insufficient funds' },
    },
  };
}
