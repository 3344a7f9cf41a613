import { IsoReasonCode } from './iso-reason-code';
import { Iso20022Error } from './iso20022.error';
import { parseDocument, renderDocument, type ParsedDocument, type UnmodelledElements } from './iso-xml.codec';
import { PACS002_MODEL, PACS008_MODEL } from './pacs-element.model';
import type { Pacs002, Pacs008 } from './pacs-message.types';

/** pacs.008 versions the sandbox reads and writes; .09 is the default (the first with MndtRltdInf). */
export const PACS008_VERSIONS = ['pacs.008.001.09', 'pacs.008.001.08'] as const;
export type Pacs008Version = (typeof PACS008_VERSIONS)[number];
/** The pacs.002 version the sandbox reads and writes. */
export const PACS002_VERSION = 'pacs.002.001.10';

/** Renders a pacs.008 JSON message as ISO XML (default pacs.008.001.09). */
export function renderPacs008Xml(message: Pacs008, version: Pacs008Version = 'pacs.008.001.09'): string {
  if (version === 'pacs.008.001.08' && message.CdtTrfTxInf.MndtRltdInf !== undefined)
    throw new Iso20022Error(
      IsoReasonCode.InvalidFileFormat,
      '/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/MndtRltdInf',
      'pacs.008.001.08 has no MndtRltdInf; render as pacs.008.001.09',
    );
  return renderDocument(version, 'FIToFICstmrCdtTrf', PACS008_MODEL, message);
}

/** Parses pacs.008.001.08/.09 XML into JSON; unmodelled elements are refused (FF01) unless `unmodelled` is 'drop'. */
export function parsePacs008Xml(
  xml: string,
  unmodelled: UnmodelledElements = 'refuse',
): ParsedDocument<Pacs008> {
  return parseDocument<Pacs008>(xml, 'FIToFICstmrCdtTrf', PACS008_VERSIONS, PACS008_MODEL, unmodelled);
}

/** Renders a pacs.002 JSON message as pacs.002.001.10 XML. */
export function renderPacs002Xml(message: Pacs002): string {
  return renderDocument(PACS002_VERSION, 'FIToFIPmtStsRpt', PACS002_MODEL, message);
}

/** Parses pacs.002.001.10 XML into JSON; unmodelled elements are refused (FF01) unless `unmodelled` is 'drop'. */
export function parsePacs002Xml(
  xml: string,
  unmodelled: UnmodelledElements = 'refuse',
): ParsedDocument<Pacs002> {
  return parseDocument<Pacs002>(xml, 'FIToFIPmtStsRpt', [PACS002_VERSION], PACS002_MODEL, unmodelled);
}
