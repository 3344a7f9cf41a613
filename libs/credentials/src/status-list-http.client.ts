import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** Limits of one status list GET. */
export interface StatusListHttpOptions {
  /** Most bytes of body read. */
  maxBytes: number;
  /** Give up when the whole answer has not arrived after this many milliseconds. */
  timeoutMs: number;
  /** Sent as If-None-Match, to revalidate a cached list. */
  etag?: string;
}

/** What the server answered: the status, the caching headers, and the body of a 200 (empty otherwise). */
export interface StatusListHttpAnswer {
  status: number;
  body: string;
  cacheControl: string | undefined;
  etag: string | undefined;
}

/** Why a GET failed; the message names no address, port or OS error. */
export class StatusListHttpError extends Error {
  constructor(
    readonly reason: 'timeout' | 'tooLarge' | 'unreachable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * GETs a status list credential: no redirects (a redirect could leave the allowed origins), no
 * connection reuse, a body cap and an overall timeout. The caller has checked the URL's origin.
 */
export function getStatusList(url: URL, options: StatusListHttpOptions): Promise<StatusListHttpAnswer> {
  return new Promise<StatusListHttpAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, answer?: StatusListHttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        request.destroy();
        reject(
          error instanceof StatusListHttpError
            ? error
            : new StatusListHttpError(
                'unreachable',
                'could not connect to the status list host or read its answer',
              ),
        );
      } else resolve(answer as StatusListHttpAnswer);
    };
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method: 'GET',
      headers: {
        accept: 'application/vc+jwt',
        ...(options.etag !== undefined ? { 'if-none-match': options.etag } : {}),
      },
      agent: false,
    });
    const timer = setTimeout(
      () => finish(new StatusListHttpError('timeout', `no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('error', (error) => finish(error));
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const header = (name: string) => {
        const value = response.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const answer = { status, cacheControl: header('cache-control'), etag: header('etag') };
      if (status !== 200) {
        // Error, redirect and 304 bodies are not read.
        response.destroy();
        return finish(undefined, { ...answer, body: '' });
      }
      const tooLarge = () =>
        new StatusListHttpError('tooLarge', `the answer is larger than ${options.maxBytes} bytes`);
      if (Number(response.headers['content-length'] ?? 0) > options.maxBytes) return finish(tooLarge());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) return finish(tooLarge());
        chunks.push(chunk);
      });
      response.on('end', () =>
        finish(undefined, { ...answer, body: Buffer.concat(chunks).toString('utf8') }),
      );
      response.on('error', (error) => finish(error));
    });
    request.end();
  });
}
