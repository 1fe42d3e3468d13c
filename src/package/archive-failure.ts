/**
 * Turns what gunzip or tar-stream throws while reading a package into one `AlcoveError` line that names the entry.
 * tar-stream reports a bad header (checksum, size field, format) without the entry's name, so for those the
 * header block is read again from the archive and its name field shown; the lines are untrusted, hence quoted.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { AlcoveError } from '../shared/errors.js';

export const BLOCK = 512;

/** Where the reader was when it failed. */
export interface ReadPosition {
  /** The entry whose data was being read, if any. */
  readonly current: string | null;
  /** The last entry read completely. */
  readonly previous: string | null;
  /** Offset, in the unpacked tar, of the next header block after `previous`. */
  readonly nextHeader: number;
}

export const quote = (name: string) => JSON.stringify(name);

const TAR_REASONS: readonly (readonly [RegExp, string])[] = [
  [/^Invalid tar header\. Maybe/, 'bad header checksum'],
  [/^Invalid tar header: unknown format/, 'not a ustar or GNU tar header'],
  [/^Invalid header$/, 'bad size field (negative or not a number)'],
  [/^Header exceeds max size$/, 'a pax or long-name header larger than 4 MiB'],
];

/** The name in a raw 512-byte ustar/GNU header block (prefix + name), or null for an empty one. */
export function headerBlockName(block: Buffer): string | null {
  const field = (from: number, length: number) => {
    const raw = block.subarray(from, from + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? length : end).toString('utf8');
  };
  const name = field(0, 100);
  const prefix = block.subarray(257, 263).toString('latin1') === 'ustar\0' ? field(345, 155) : '';
  const full = prefix === '' ? name : `${prefix}/${name}`;
  return full === '' ? null : full;
}

/** The unpacked bytes [offset, offset + 512) of a .tar.gz, or null when the archive is shorter or unreadable. */
export async function readBlockAt(file: string, offset: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let at = 0;
  const gunzip = createReadStream(file).pipe(createGunzip());
  try {
    for await (const chunk of gunzip) {
      const buf = chunk as Buffer;
      const from = Math.max(0, offset - at);
      const to = Math.min(buf.length, offset + BLOCK - at);
      if (from < to) parts.push(buf.subarray(from, to));
      at += buf.length;
      if (at >= offset + BLOCK) break;
    }
  } catch {
    // The first read already failed on this archive and that failure is what gets reported; the block is only
    // wanted to name the entry in its message.
    return null;
  } finally {
    gunzip.destroy();
  }
  const block = Buffer.concat(parts);
  return block.length === BLOCK ? block : null;
}

async function headerFailure(file: string, reason: string, at: ReadPosition): Promise<AlcoveError> {
  const block = await readBlockAt(file, at.nextHeader);
  const name = block === null ? null : headerBlockName(block);
  const after = at.previous === null ? 'at the start of the archive' : `after entry ${quote(at.previous)}`;
  const which = name === null ? `the header ${after}` : `the header of entry ${quote(name)} (${after})`;
  return new AlcoveError('PACKAGE_CORRUPT', `${file} is corrupt: ${reason} in ${which}, at byte ${at.nextHeader}`);
}

/** Maps a failure of gunzip or tar-stream (AlcoveErrors pass through) to an AlcoveError naming the entry. */
export async function describeArchiveFailure(file: string, error: unknown, at: ReadPosition): Promise<AlcoveError> {
  if (error instanceof AlcoveError) return error;
  if (!(error instanceof Error)) return new AlcoveError('PACKAGE_CORRUPT', `${file} is corrupt: ${String(error)}`);
  const where =
    at.current !== null
      ? ` while reading entry ${quote(at.current)}`
      : at.previous !== null
        ? ` after entry ${quote(at.previous)}`
        : '';
  if (error.name === 'AbortError') return new AlcoveError('ABORTED', `reading ${file} was interrupted`);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_'))
    return new AlcoveError(
      'PACKAGE_CORRUPT',
      `${file} is corrupt (not a readable gzip stream${where}): ${error.message}`,
    );
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return new AlcoveError('BAD_INPUT', `cannot read package ${file}: ${error.message}`, { cause: error });
  if (error.message === 'Unexpected end of data')
    return new AlcoveError('PACKAGE_CORRUPT', `${file} is corrupt: the archive is truncated${where}`);
  for (const [pattern, reason] of TAR_REASONS) if (pattern.test(error.message)) return headerFailure(file, reason, at);
  return new AlcoveError('PACKAGE_CORRUPT', `${file} is corrupt${where}: ${error.message}`, { cause: error });
}
