/**
 * A text file read line by line as it streams from disk (gunzipped on the way when it starts with the
 * gzip magic bytes), never as one whole-file string, with the sha256 of its bytes as stored.
 *
 * Line ends are LF, CRLF or a lone CR, as in the CSV parser; a leading UTF-8 BOM is dropped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { AlcoveError, coerceError, isAlcoveError } from '../shared/errors.js';
import { readFailureReason } from '../shared/read-input-file.js';

/** Called with each line's text (without its line end) and its 1-based line number. */
export type LineHandler = (line: string, lineNo: number) => void;

export interface LineSplitter {
  push(text: string): void;
  /** The last line, when the text does not end with a line end. */
  end(): void;
}

const LINE_END = /\r\n|\n|\r/g;

export function createLineSplitter(onLine: LineHandler): LineSplitter {
  let carry = '';
  let lineNo = 0;
  return {
    push(text) {
      const s = carry + text;
      LINE_END.lastIndex = 0;
      let start = 0;
      for (let m = LINE_END.exec(s); m !== null; m = LINE_END.exec(s)) {
        // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
        if (m[0] === '\r' && m.index === s.length - 1) break;
        onLine(s.slice(start, m.index), ++lineNo);
        start = m.index + m[0].length;
      }
      carry = s.slice(start);
    },
    end() {
      const last = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      if (last !== '' || carry !== '') onLine(last, ++lineNo);
      carry = '';
    },
  };
}

/** Bytes read from disk per chunk. */
const CHUNK_BYTES = 1 << 20;

/** Reads `path` line by line; resolves with the sha256 of its bytes. Errors name the file (BAD_DATA). */
export async function readLines(path: string, onLine: LineHandler, chunkBytes = CHUNK_BYTES): Promise<string> {
  const refuse = (reason: string, cause?: unknown): AlcoveError =>
    new AlcoveError('BAD_DATA', `dataset file ${reason}: ${path}`, cause === undefined ? {} : { cause });
  try {
    const stats = await stat(path);
    if (stats.isDirectory()) throw refuse('is a folder, not a file');
  } catch (error) {
    if (isAlcoveError(error)) throw error;
    throw refuse(readFailureReason(error), error);
  }
  const gzip = await startsWithGzipMagic(path).catch((error: unknown) => {
    throw refuse(readFailureReason(error), error);
  });
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const splitter = createLineSplitter(onLine);
  const decoder = new TextDecoder('utf-8');
  // What the line handler threw (a bad row): pipeline() reports it as an abort of the streams.
  let rowError: unknown;
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    try {
      for await (const chunk of source) splitter.push(decoder.decode(chunk, { stream: true }));
      splitter.push(decoder.decode());
      splitter.end();
    } catch (error) {
      rowError = error;
      throw error;
    }
  };
  const raw = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    if (gzip) await pipeline(raw, tap, createGunzip({ chunkSize: chunkBytes }), consume);
    else await pipeline(raw, tap, consume);
  } catch (error) {
    if (rowError !== undefined) throw coerceError(rowError);
    if (isAlcoveError(error)) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw new AlcoveError('BAD_DATA', `${path}: cannot decompress: ${String(error)}`, { cause: error });
    }
    throw refuse(readFailureReason(error), error);
  }
  return hash.digest('hex');
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const fd = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fd.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fd.close();
  }
}
