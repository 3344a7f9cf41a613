import { styleText } from 'node:util';
import type { TailEntry } from './tail-entry';

type Style = 'green' | 'red' | 'yellow' | 'dim' | 'bold';

// Control characters and bidirectional overrides: a record's headers are anyone's bytes, and must not
// be able to move the cursor, recolour the terminal or reorder what a trainer reads.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text safe to print on a terminal: unprintable characters become `\u{...}` escapes. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
}

// A DID (or DID URL) whose method-specific id or fragment is opaque: did:key's multibase key, say.
const OPAQUE_DID = /\b(did:[a-z0-9]+:)([A-Za-z0-9_-]+)(?:#([A-Za-z0-9_-]+))?/g;
const LONGEST_KEPT = 24;

function shortPart(part: string): string {
  return part.length > LONGEST_KEPT ? `${part.slice(0, 8)}…${part.slice(-6)}` : part;
}

/**
 * Shortens the DIDs in a text for a line: an opaque id or fragment longer than 24 characters keeps its
 * first 8 and last 6, enough to tell publishers apart (`did:key:z6MkhaXg…Ta2doK`); did:dpi ids, did:web
 * domains and `#key-1` fragments stay whole.
 */
export function shortenDids(text: string): string {
  return text.replace(
    OPAQUE_DID,
    (_, method: string, id: string, fragment: string | undefined) =>
      `${method}${shortPart(id)}${fragment === undefined ? '' : `#${shortPart(fragment)}`}`,
  );
}

/** Renders entries as text lines, coloured or not. */
export class TailEntryFormatter {
  constructor(private readonly colour: boolean) {}

  /** One record: one line, or two for a dead letter, plus the payload line with --data. */
  format(entry: TailEntry): string {
    const position = `${entry.partition}/${entry.offset}`;
    const event = [
      this.paint('dim', printable(entry.time ?? entry.timestamp ?? '-')),
      this.paint('bold', printable(entry.type ?? '-')),
      printable(shortenDids(entry.source ?? '-')),
      entry.subject !== undefined ? `subject=${printable(entry.subject)}` : undefined,
      entry.key !== null ? `key=${printable(entry.key)}` : undefined,
    ].filter((part) => part !== undefined);
    const lines: string[] = [];
    const indent = ' '.repeat(position.length);
    if (entry.deadLetter) {
      const dl = entry.deadLetter;
      const origin = [
        dl.originTopic,
        dl.originPartition !== undefined ? `${dl.originPartition}/${dl.originOffset ?? '?'}` : '',
      ]
        .filter((part) => part !== '')
        .join(' ');
      lines.push(
        [
          this.paint('dim', position),
          this.paint('dim', printable(dl.time ?? entry.timestamp ?? '-')),
          `${this.paint('red', `dead letter ${printable(dl.reason ?? '(no dlt_reason)')}`)}: ${printable(shortenDids(dl.detail ?? ''))}`,
          `(from ${printable(origin)})`,
        ].join('  '),
        [indent, ...event, `re-verified: ${this.verdict(entry)}`].join('  '),
      );
    } else {
      lines.push([this.paint('dim', position), ...event, this.verdict(entry)].join('  '));
    }
    if (entry.data !== undefined) {
      const data = typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data);
      lines.push(`${indent}  data: ${printable(data)}`);
    }
    return lines.join('\n');
  }

  /** `✓ verified` or `✗ REASON: detail`. */
  verdict(entry: TailEntry): string {
    if (entry.verdict === 'verified') {
      const ok = this.paint('green', '✓ verified');
      return entry.policyChecked ? ok : `${ok} ${this.paint('yellow', '(policy not checked)')}`;
    }
    const transient = entry.transient ? ' (transient: a consumer would retry)' : '';
    return `${this.paint('red', `✗ ${entry.reason ?? 'REJECTED'}`)}: ${printable(shortenDids(entry.detail ?? ''))}${transient}`;
  }

  private paint(style: Style, text: string): string {
    return this.colour ? styleText(style, text, { validateStream: false }) : text;
  }
}
