import { isDidDpi } from '@dpi/did';

import { checkAmount } from './iso-currency.util';
import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import { checkEndToEndId } from './message-id.util';
import { participantIdOf } from './participant-id.util';
import type { Agent, Pacs002, Pacs008, TransactionStatus } from './pacs-message.types';

/** Pix's initiation types (MndtRltdInf/Tp/LclInstrm/Prtry): manual, alias, dynamic QR, static QR, initiator. */
export const INITIATION_TYPES: ReadonlySet<string> = new Set(['MANU', 'DICT', 'QRDN', 'QRES', 'INIC']);
/** The transaction statuses a sandbox pacs.002 may carry. */
export const TRANSACTION_STATUSES: ReadonlySet<TransactionStatus> = new Set([
  'ACSP',
  'ACSC',
  'ACCC',
  'RJCT',
  'PDNG',
]);

const TX = '/CdtTrfTxInf';

/**
 * The sandbox's business rules for a schema-valid pacs.008, in a fixed order; the first refusal wins,
 * with its path as a JSON Pointer into the message.
 * Not checked here: MsgId and EndToEndId uniqueness, participants, accounts, limits (the switch's job).
 */
export function validatePacs008(message: Pacs008): Iso20022Error | undefined {
  const tx = message.CdtTrfTxInf;
  if (message.GrpHdr.NbOfTxs !== '1')
    return new Iso20022Error(
      IsoReasonCode.InvalidNumberOfTransactions,
      '/GrpHdr/NbOfTxs',
      'a message carries one transaction',
    );
  const agentIssue = checkAgent(tx.DbtrAgt, `${TX}/DbtrAgt`) ?? checkAgent(tx.CdtrAgt, `${TX}/CdtrAgt`);
  if (agentIssue) return agentIssue;
  const debtorParticipant = tx.DbtrAgt.FinInstnId.ClrSysMmbId?.MmbId;
  return (
    checkEndToEndId(tx.PmtId.EndToEndId, debtorParticipant, `${TX}/PmtId/EndToEndId`) ??
    checkAmount(tx.IntrBkSttlmAmt.Ccy, tx.IntrBkSttlmAmt.Amt, `${TX}/IntrBkSttlmAmt`) ??
    checkInitiationType(tx.MndtRltdInf?.Tp.LclInstrm.Prtry)
  );
}

/** The sandbox's business rules for a schema-valid pacs.002; the first refusal wins. */
export function validatePacs002(message: Pacs002): Iso20022Error | undefined {
  const tx = message.TxInfAndSts;
  if (!TRANSACTION_STATUSES.has(tx.TxSts))
    return new Iso20022Error(
      IsoReasonCode.InvalidFileFormat,
      '/TxInfAndSts/TxSts',
      `status ${tx.TxSts} is not used here`,
    );
  if (tx.TxSts === 'RJCT' && tx.StsRsnInf === undefined)
    return new Iso20022Error(
      IsoReasonCode.InvalidFileFormat,
      '/TxInfAndSts/StsRsnInf',
      'a rejection carries its reason code',
    );
  return checkEndToEndId(tx.OrgnlEndToEndId, undefined, '/TxInfAndSts/OrgnlEndToEndId');
}

/** RC01 unless the agent carries a did:dpi DID as Othr/Id and that DID's participant id as ClrSysMmbId/MmbId. */
export function checkAgent(agent: Agent, path: string): Iso20022Error | undefined {
  const did = agent.FinInstnId.Othr?.Id;
  if (did === undefined || !isDidDpi(did))
    return new Iso20022Error(
      IsoReasonCode.BankIdentifierIncorrect,
      `${path}/FinInstnId/Othr/Id`,
      'not a did:dpi DID',
    );
  const memberId = agent.FinInstnId.ClrSysMmbId?.MmbId;
  if (memberId !== participantIdOf(did))
    return new Iso20022Error(
      IsoReasonCode.BankIdentifierIncorrect,
      `${path}/FinInstnId/ClrSysMmbId/MmbId`,
      `must be ${participantIdOf(did)}, the participant id of ${did}`,
    );
  return undefined;
}

function checkInitiationType(type: string | undefined): Iso20022Error | undefined {
  if (type === undefined || INITIATION_TYPES.has(type)) return undefined;
  return new Iso20022Error(
    IsoReasonCode.InvalidLocalInstrumentCode,
    `${TX}/MndtRltdInf/Tp/LclInstrm/Prtry`,
    `initiation type ${type} is not one of ${[...INITIATION_TYPES].join(', ')}`,
  );
}
