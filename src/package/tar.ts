/**
 * A minimal ustar writer and reader for regular files (512-byte header + data padded to 512, two zero blocks
 * at the end), gzip through node:zlib. Hand-written because no tar package is installed and the format needs
 * ~80 lines; paths up to 255 bytes (name + prefix), files only, no links or special entries.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { AlcoveError } from '../shared/errors.js';

export interface TarEntry {
  /** `/`-separated relative path. */
  readonly path: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;

function writeString(buf: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new AlcoveError('BAD_INPUT', `tar: '${value}' is too long for its header field`);
  bytes.copy(buf, offset);
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  writeString(buf, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', path.length - 1);
  for (let i = cut; i > 0; i = path.lastIndexOf('/', i - 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new AlcoveError('BAD_INPUT', `tar: path too long: ${path}`);
}

function header(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(path);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, mtime);
  h.fill(0x20, 148, 156); // checksum counted as spaces
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

export function writeTar(entries: readonly TarEntry[], mtimeSeconds = 0): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(
      header(e.path, e.data.length, mtimeSeconds),
      Buffer.from(e.data.buffer, e.data.byteOffset, e.data.length),
    );
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

const field = (buf: Buffer, offset: number, length: number) => {
  const raw = buf.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
};

export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  while (off + BLOCK <= tar.length) {
    const h = tar.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) break;
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
    const stored = parseInt(field(h, 148, 8).trim(), 8);
    if (stored !== sum) throw new AlcoveError('BAD_INPUT', `tar: bad header checksum at byte ${off}`);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const name = field(h, 0, 100);
    const prefix = field(h, 345, 155);
    const type = h[156];
    off += BLOCK;
    if (off + size > tar.length) throw new AlcoveError('BAD_INPUT', `tar: ${name} is truncated`);
    if (type === 0x30 || type === 0)
      out.push({ path: prefix === '' ? name : `${prefix}/${name}`, data: Buffer.from(tar.subarray(off, off + size)) });
    off += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

export function writeTarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(writeTar(entries), { level: 6 });
}

export function readTarGz(data: Buffer): TarEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(data);
  } catch (error) {
    throw new AlcoveError('BAD_INPUT', `not a gzip file: ${(error as Error).message}`);
  }
  return readTar(tar);
}
