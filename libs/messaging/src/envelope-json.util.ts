/** The parsed value of an I-JSON text, or why the text is not I-JSON. */
export type IJsonResult = { ok: true; value: unknown } | { ok: false; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// Unicode noncharacters as UTF-16: U+FDD0..U+FDEF, U+FFFE, U+FFFF, and U+nFFFE / U+nFFFF of planes 1-16.
const RAW_NONCHARACTER =
  /[\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isNoncharacter(codePoint: number): boolean {
  return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
}

/**
 * Parses UTF-8 bytes as I-JSON (RFC 7493): UTF-8 without a byte order mark, JSON (RFC 8259), unique
 * member names in every object (compared after unescaping, so "a" and "\u0061" are the same name), and
 * no string with a lone surrogate or a noncharacter. JSON.parse silently keeps the last of two equal
 * names, so a value two parsers would read differently never gets this far.
 */
export function parseIJson(bytes: Uint8Array): IJsonResult {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { ok: false, problem: 'starts with a byte order mark' };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: 'is not UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  // Outside strings a JSON text is ASCII, so a raw noncharacter anywhere is one inside a string.
  if (RAW_NONCHARACTER.test(text)) return { ok: false, problem: 'contains a Unicode noncharacter' };
  const problem = stringAndNameProblem(text);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/**
 * Walks a text JSON.parse accepted: checks escapes (lone surrogates, noncharacters) and member names.
 * Raw lone surrogates cannot occur: the text comes from a fatal UTF-8 decoder.
 */
function stringAndNameProblem(text: string): string | undefined {
  // One entry per open container: the names seen so far for an object, null for an array.
  const open: Array<Set<string> | null> = [];
  let expectName = false;
  let nextBackslash = text.indexOf('\\');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      open.push(new Set());
      expectName = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      expectName = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
      expectName = false;
    } else if (c === 0x2c /* , */) {
      expectName = (open[open.length - 1] ?? null) !== null;
    } else if (c === QUOTE) {
      const start = i;
      const close = text.indexOf('"', i + 1);
      let escaped = false;
      let highSurrogateEnd = -1; // index just after an escaped high surrogate still waiting for its pair
      // Most strings have no escape: jump to the closing quote (JSON.parse has checked the syntax).
      if (nextBackslash === -1 || nextBackslash > close) i = close;
      else
        for (i++; ; i++) {
          const d = text.charCodeAt(i);
          if (d === QUOTE) break;
          if (d !== BACKSLASH) continue;
          escaped = true;
          i++;
          if (text.charCodeAt(i) !== 0x75 /* u */) continue;
          const unit = Number.parseInt(text.slice(i + 1, i + 5), 16);
          const escapeStart = i - 1;
          i += 4;
          if (unit >= 0xd800 && unit <= 0xdbff) {
            if (highSurrogateEnd !== -1) return 'contains a lone surrogate';
            highSurrogateEnd = i + 1;
            continue;
          }
          if (unit >= 0xdc00 && unit <= 0xdfff) {
            if (highSurrogateEnd !== escapeStart) return 'contains a lone surrogate';
            const high = Number.parseInt(text.slice(escapeStart - 4, escapeStart), 16);
            if (isNoncharacter(0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00)))
              return 'contains a Unicode noncharacter';
            highSurrogateEnd = -1;
            continue;
          }
          if (isNoncharacter(unit)) return 'contains a Unicode noncharacter';
          if (highSurrogateEnd !== -1) return 'contains a lone surrogate';
        }
      if (highSurrogateEnd !== -1) return 'contains a lone surrogate';
      if (escaped) nextBackslash = text.indexOf('\\', i);
      const names = open[open.length - 1];
      if (expectName && names) {
        const name = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        if (names.has(name)) return `has a duplicate member name ${JSON.stringify(name)}`;
        names.add(name);
        expectName = false;
      }
    }
  }
  return undefined;
}
