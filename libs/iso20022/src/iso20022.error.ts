import type { IsoReasonCode } from './iso-reason-code';

/**
 * A message-layer refusal: the ISO reason code to report and the element path where it was found.
 * Parsers and renderers throw it; business checks return it (undefined when the message passes).
 */
export class Iso20022Error extends Error {
  constructor(
    readonly code: IsoReasonCode,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${code} at ${path}: ${reason}`);
    this.name = 'Iso20022Error';
  }
}
