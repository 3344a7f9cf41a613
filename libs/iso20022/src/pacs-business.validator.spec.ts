import { validatePacs002, validatePacs008 } from './pacs-business.validator';
import type { Pacs002, Pacs008 } from './pacs-message.types';
import { aPacs002, aPacs008, PAYEE_PSP } from './testing/pacs.fixture';

function pacs008(change: (message: Pacs008) => void): Pacs008 {
  const message = aPacs008();
  change(message);
  return message;
}

function pacs002(change: (message: Pacs002) => void): Pacs002 {
  const message = aPacs002();
  change(message);
  return message;
}

describe('validatePacs008', () => {
  it('accepts the sandbox example', () => {
    expect(validatePacs008(aPacs008())).toBeUndefined();
  });

  it.each<[string, (m: Pacs008) => void, string, string]>([
    ['two transactions announced', (m) => (m.GrpHdr.NbOfTxs = '2'), 'AM18', '/GrpHdr/NbOfTxs'],
    [
      'a debtor agent without DID',
      (m) => delete m.CdtTrfTxInf.DbtrAgt.FinInstnId.Othr,
      'RC01',
      '/CdtTrfTxInf/DbtrAgt/FinInstnId/Othr/Id',
    ],
    [
      'a creditor agent with a did:key',
      (m) => (m.CdtTrfTxInf.CdtrAgt.FinInstnId.Othr = { Id: 'did:key:z6Mk' }),
      'RC01',
      '/CdtTrfTxInf/CdtrAgt/FinInstnId/Othr/Id',
    ],
    [
      "a member id that is not the DID's",
      (m) => (m.CdtTrfTxInf.DbtrAgt.FinInstnId.ClrSysMmbId = { MmbId: 'QTkAD4sp' }),
      'RC01',
      '/CdtTrfTxInf/DbtrAgt/FinInstnId/ClrSysMmbId/MmbId',
    ],
    [
      'a debtor agent without member id',
      (m) => delete m.CdtTrfTxInf.DbtrAgt.FinInstnId.ClrSysMmbId,
      'RC01',
      '/CdtTrfTxInf/DbtrAgt/FinInstnId/ClrSysMmbId/MmbId',
    ],
    [
      'an EndToEndId of another format',
      (m) => (m.CdtTrfTxInf.PmtId.EndToEndId = 'E2E-1'),
      'FF08',
      '/CdtTrfTxInf/PmtId/EndToEndId',
    ],
    [
      'an EndToEndId made by the payee',
      (m) => (m.CdtTrfTxInf.PmtId.EndToEndId = 'EQTkAD4sp202611291405k3J9xQ2mZ7p'),
      'FF08',
      '/CdtTrfTxInf/PmtId/EndToEndId',
    ],
    [
      'an unknown currency',
      (m) => (m.CdtTrfTxInf.IntrBkSttlmAmt.Ccy = 'GBP'),
      'AM03',
      '/CdtTrfTxInf/IntrBkSttlmAmt/Ccy',
    ],
    [
      'too many decimals',
      (m) => (m.CdtTrfTxInf.IntrBkSttlmAmt.Amt = '1.001'),
      'AM12',
      '/CdtTrfTxInf/IntrBkSttlmAmt/Amt',
    ],
    [
      'a zero amount',
      (m) => (m.CdtTrfTxInf.IntrBkSttlmAmt.Amt = '0.00'),
      'AM01',
      '/CdtTrfTxInf/IntrBkSttlmAmt/Amt',
    ],
    [
      'an unknown initiation type',
      (m) => (m.CdtTrfTxInf.MndtRltdInf = { Tp: { LclInstrm: { Prtry: 'CARD' } } }),
      'FF05',
      '/CdtTrfTxInf/MndtRltdInf/Tp/LclInstrm/Prtry',
    ],
  ])('refuses %s', (_name, change, code, path) => {
    expect(validatePacs008(pacs008(change))).toMatchObject({ code, path });
  });

  it('accepts a payment without initiation type (pacs.008.001.08)', () => {
    expect(validatePacs008(pacs008((m) => delete m.CdtTrfTxInf.MndtRltdInf))).toBeUndefined();
  });

  it('checks the agents before the EndToEndId, so a forged member id cannot pass the EndToEndId check', () => {
    const forged = pacs008((m) => {
      m.CdtTrfTxInf.DbtrAgt.FinInstnId.Othr = { Id: PAYEE_PSP };
    });
    expect(validatePacs008(forged)?.code).toBe('RC01');
  });
});

describe('validatePacs002', () => {
  it('accepts the sandbox example and an acceptance', () => {
    expect(validatePacs002(aPacs002())).toBeUndefined();
    expect(
      validatePacs002(
        pacs002((m) => (m.TxInfAndSts = { OrgnlEndToEndId: m.TxInfAndSts.OrgnlEndToEndId, TxSts: 'ACSP' })),
      ),
    ).toBeUndefined();
  });

  it.each<[string, (m: Pacs002) => void, string, string]>([
    [
      'a status the sandbox does not use',
      (m) => (m.TxInfAndSts.TxSts = 'ACWC' as never),
      'FF01',
      '/TxInfAndSts/TxSts',
    ],
    ['a rejection without reason', (m) => delete m.TxInfAndSts.StsRsnInf, 'FF01', '/TxInfAndSts/StsRsnInf'],
    [
      'an OrgnlEndToEndId of another format',
      (m) => (m.TxInfAndSts.OrgnlEndToEndId = 'Scenario01EtoEId001'),
      'FF08',
      '/TxInfAndSts/OrgnlEndToEndId',
    ],
  ])('refuses %s', (_name, change, code, path) => {
    expect(validatePacs002(pacs002(change))).toMatchObject({ code, path });
  });
});
