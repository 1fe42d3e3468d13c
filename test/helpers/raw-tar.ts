/**
 * Tar archives written byte by byte, for tests of the package reader: hostile entries (links, devices, `..`,
 * bad sizes and checksums) must be built without the library under test, which would refuse or fix them.
 */
import { sha256 } from '../../src/shared/hash.js';

export interface RawEntry {
  readonly name: string;
  readonly data?: string | Buffer;
  /** Typeflag character: '0' file, '1' hard link, '2' symlink, '3' char device, '5' directory, 'x' pax, 'L' GNU name. */
  readonly type?: string;
  readonly linkname?: string;
  /** The raw 12-byte size field instead of the data's length in octal. */
  readonly sizeField?: Buffer | string;
  /** Store a wrong header checksum. */
  readonly badChecksum?: boolean;
  /** ustar prefix field (joined to the name with '/'). */
  readonly prefix?: string;
  /** Bytes written after the header instead of `data` (for entries whose size field lies). */
  readonly body?: Buffer;
}

const BLOCK = 512;
const bytes = (d: string | Buffer | undefined) => (d === undefined ? Buffer.alloc(0) : Buffer.from(d));
const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;

export function rawHeader(e: RawEntry): Buffer {
  const h = Buffer.alloc(BLOCK);
  const data = bytes(e.data);
  h.write(e.name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  const size = e.sizeField ?? octal(data.length, 12);
  (typeof size === 'string' ? Buffer.from(size, 'latin1') : size).copy(h, 124, 0, 12);
  h.write(octal(0, 12), 136, 'latin1');
  h.fill(0x20, 148, 156);
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.linkname !== undefined) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  if (e.prefix !== undefined) h.write(e.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${(e.badChecksum ? sum + 1 : sum).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

const pad = (n: number) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** Header + data padded to 512 bytes, for each entry, then the two zero blocks that end an archive. */
export function rawTar(entries: readonly RawEntry[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = e.body ?? bytes(e.data);
    parts.push(rawHeader(e), body, pad(body.length));
  }
  if (end) parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** A pax extended header ('x') whose `path` record names the entry that follows. */
export function paxPath(path: string): RawEntry {
  const record = (len: number) => `${len} path=${path}\n`;
  let len = Buffer.byteLength(record(0));
  while (Buffer.byteLength(record(len)) !== len) len = Buffer.byteLength(record(len));
  return { name: 'PaxHeader/long', type: 'x', data: record(len) };
}

/** A GNU long-name entry ('L') that names the entry that follows. */
export function gnuLongName(path: string): RawEntry {
  return { name: '././@LongLink', type: 'L', data: `${path}\0` };
}

/** The smallest complete campaign package's files (a valid, reproducible-looking config by default). */
export function campaignFiles(config: string): Record<string, string> {
  return {
    'README.md': '# test package\n',
    'package.json': '{}\n',
    'package-lock.json': '{}\n',
    'environment.json': '{ "recorded": {} }\n',
    'dataset.json': '{ "builtin": "amide-library", "included": false }\n',
    'config.yaml': config,
    'metrics/summary.json': '{ "status": "done", "history": [] }\n',
    'audit.jsonl': '',
  };
}

/** MANIFEST.json listing `files` (path → content) as a campaign package's manifest does. */
export function manifestFor(files: Readonly<Record<string, string | Buffer>>): string {
  const list = Object.entries(files).map(([path, data]) => ({
    path,
    bytes: Buffer.from(data).length,
    sha256: sha256(Buffer.from(data)),
  }));
  const manifest = {
    format: 'alcove-package',
    version: 1,
    kind: 'campaign',
    createdAt: '2026-01-01T00:00:00Z',
    files: list,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
