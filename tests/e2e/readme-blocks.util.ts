// Reads the README's shell blocks and judges what running them printed. Used by readme-blocks.e2e-spec.ts.

/** A ```sh block of the README, with the line its fence opens on. */
export interface ReadmeBlock {
  line: number;
  text: string;
  /** Why the block is not run, from `<!-- readme-check: skip: why -->` on the line before its fence. */
  skip?: string;
}

const SKIP = /^<!--\s*readme-check:\s*skip:\s*(.+?)\s*-->$/;

/** Every ```sh block of a Markdown text, in order. */
export function readmeShellBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    if ((lines[index] as string).trim() !== '```sh') continue;
    const end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    if (end < 0) throw new Error(`the sh block opened on line ${index + 1} is never closed`);
    const previous = lines
      .slice(0, index)
      .reverse()
      .find((line) => line.trim() !== '');
    const skip = SKIP.exec(previous?.trim() ?? '')?.[1];
    blocks.push({ line: index + 1, text: lines.slice(index + 1, end).join('\n'), ...(skip ? { skip } : {}) });
    index = end;
  }
  return blocks;
}

/** One HTTP call a block made, as the curl wrapper logged it. */
export interface LoggedCall {
  block: number;
  status: number;
  method: string;
  url: string;
  /** The file holding what curl wrote to standard output. */
  bodyFile: string;
}

const CALL = /^readme-check-call (\d+) (\d{3}) (\S+) (\S+) (\S+)$/;

/** The calls logged on standard error by the curl wrapper, in order. */
export function loggedCalls(stderr: string): LoggedCall[] {
  return stderr.split('\n').flatMap((line) => {
    const match = CALL.exec(line.trim());
    if (!match) return [];
    const [, block, status, method, url, bodyFile] = match as unknown as string[];
    return [{ block: Number(block), status: Number(status), method, url, bodyFile } as LoggedCall];
  });
}

/**
 * The calls that answered what the README does not announce: no answer at all, a 500, and any other
 * error status whose code the block's text never mentions (a block that shows an error says which, e.g.
 * `# 409 CREDENTIAL_REVOKED`, `# 501, error "methodNotSupported"`).
 */
export function unannouncedFailures(calls: LoggedCall[], blocks: ReadmeBlock[]): string[] {
  return calls
    .filter((call) => {
      if (call.status === 500 || call.status === 0) return true;
      if (call.status < 400) return false;
      return !new RegExp(`\\b${call.status}\\b`).test(blocks[call.block]?.text ?? '');
    })
    .map(
      (call) => `README line ${blocks[call.block]?.line}: ${call.method} ${call.url} answered ${call.status}`,
    );
}
