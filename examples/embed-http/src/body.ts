/**
 * Reading a JSON request body: the content type first (415), then at most `maxBytes` bytes (413,
 * without reading the rest), then UTF-8 and JSON (400). Parse errors never quote the body: V8's
 * messages include a slice of it, which may be someone's name.
 */
import type { IncomingMessage } from 'node:http';
import type { Problem } from '@cim-complaints/core';

export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly code: string; readonly message: string; readonly problems?: readonly Problem[] };

/** `application/json`, with no parameter other than `charset=utf-8` (any case). */
export const isJsonContentType = (header: string | undefined): boolean => {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p.replace(/\s+/g, '') === 'charset=utf-8' || p.replace(/\s+/g, '') === 'charset="utf-8"');
};

const tooLarge = (maxBytes: number): BodyResult => ({ ok: false, status: 413, code: 'body-too-large', message: `the body may be at most ${maxBytes} bytes` });

/**
 * The body, or `undefined` once it passes `maxBytes`: reading then stops and what follows is
 * discarded (bounded), so the 413 can still reach a client that is sending.
 */
const collect = (req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd).off('error', onError);
      discard(req, maxBytes);
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const onError = (error: Error) => reject(error);
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });

/** Throws away the rest of a body too large to read, up to a bound past which the connection is dropped. */
const discard = (req: IncomingMessage, maxBytes: number): void => {
  let dropped = 0;
  const bound = Math.max(16 * maxBytes, 16 * 1024 * 1024);
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > bound) req.socket.destroy();
  });
  req.on('error', () => undefined);
};

/** Reads and parses the body of a request that says it is JSON. */
export const readJsonBody = async (req: IncomingMessage, maxBytes: number): Promise<BodyResult> => {
  if (!isJsonContentType(req.headers['content-type'])) {
    return { ok: false, status: 415, code: 'unsupported-media-type', message: 'send the command as application/json (UTF-8)' };
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    discard(req, maxBytes);
    return tooLarge(maxBytes);
  }
  const read = await collect(req, maxBytes);
  if (read === undefined) return tooLarge(maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read);
  } catch {
    return { ok: false, status: 400, code: 'invalid-utf8', message: 'the body is not UTF-8 text', problems: [{ path: '', message: 'not UTF-8 text' }] };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
    const where = match === null ? '' : ` (at character ${Number(match[1]) + 1})`;
    const message = text.trim() === '' ? 'the body is empty' : `the body is not JSON${where}`;
    return { ok: false, status: 400, code: 'invalid-json', message, problems: [{ path: '', message }] };
  }
};
