// ISO 20022-aligned JSON of the two messages the switch exchanges: the standard's element names, one
// transaction per message, only the elements the sandbox uses (contracts/specs/iso20022-messages.md).

/** A Max35Text identifier in a generic `Othr` block. */
export interface OtherId {
  Id: string;
}

/** An agent (PSP): its participant id as clearing member and its did:dpi DID as `Othr/Id`. */
export interface Agent {
  FinInstnId: {
    ClrSysMmbId?: { MmbId: string };
    Othr?: OtherId;
  };
}

/** A party: optional name and one pseudonymous identifier, organisation or person. */
export interface Party {
  Nm?: string;
  Id?: { OrgId: { Othr: OtherId } } | { PrvtId: { Othr: OtherId } };
}

/** A code-or-proprietary choice (exactly one of the two). */
export type CodeOrProprietary = { Cd: string } | { Prtry: string };

/** An account: a generic `Othr/Id`, and for a payment to an alias the alias as `Prxy`. */
export interface Account {
  Id: { Othr: OtherId };
  Prxy?: { Tp?: CodeOrProprietary; Id: string };
}

/** ActiveCurrencyAndAmount: `<IntrBkSttlmAmt Ccy="BRL">10.00</IntrBkSttlmAmt>` as `{ Ccy, Amt }`. */
export interface Amount {
  Ccy: string;
  Amt: string;
}

/** pacs.008 FIToFICstmrCdtTrf with a single CdtTrfTxInf. */
export interface Pacs008 {
  GrpHdr: {
    MsgId: string;
    CreDtTm: string;
    NbOfTxs: string;
    SttlmInf: { SttlmMtd: 'INDA' | 'INGA' | 'COVE' | 'CLRG' };
  };
  CdtTrfTxInf: {
    PmtId: { EndToEndId: string; TxId?: string };
    IntrBkSttlmAmt: Amount;
    ChrgBr: 'DEBT' | 'CRED' | 'SHAR' | 'SLEV';
    MndtRltdInf?: { Tp: { LclInstrm: { Prtry: string } } };
    Dbtr: Party;
    DbtrAcct: Account;
    DbtrAgt: Agent;
    CdtrAgt: Agent;
    Cdtr: Party;
    CdtrAcct: Account;
    Purp?: CodeOrProprietary;
    RmtInf?: { Ustrd: string };
  };
}

/** Transaction statuses (ExternalPaymentTransactionStatus1Code) the sandbox reports. */
export type TransactionStatus = 'ACSP' | 'ACSC' | 'ACCC' | 'RJCT' | 'PDNG';

/** pacs.002 FIToFIPmtStsRpt about one original transaction. */
export interface Pacs002 {
  GrpHdr: { MsgId: string; CreDtTm: string };
  OrgnlGrpInfAndSts?: { OrgnlMsgId: string; OrgnlMsgNmId: string };
  TxInfAndSts: {
    OrgnlEndToEndId: string;
    OrgnlTxId?: string;
    TxSts: TransactionStatus;
    StsRsnInf?: { Rsn: { Cd: string }; AddtlInf?: string };
  };
}
