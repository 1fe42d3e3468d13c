/**
 * Streaming reader of a package's .tar.gz: file → gunzip → byte meter (cap) → tar-stream, one entry at a time.
 * tar-stream rather than node-tar: it only parses headers (checksums, size fields, pax and GNU long names) and
 * leaves every file-system write to this file, so a hostile entry is refused here, by name, before anything is
 * written; node-tar's extractor would instead apply its own path filtering and quietly strip or skip entries.
 * A package is untrusted input, so every header is checked before its data is read: only regular files (and
 * directories, which are skipped) with plain relative names, each name once, no more than `maxEntries`, and no
 * more than `maxUnpackedBytes` unpacked in all. Each file is hashed as it streams by; a few named entries are kept
 * in memory (bounded by `maxKeptBytes`); with `extractTo`, files are written there (mode 0644: never executable).
 *
 * `extractTo` must be a fresh empty folder that the caller removes on failure: names are checked, links and
 * devices refused and the folder holds nothing else, so no write can land outside it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract, type Header } from 'tar-stream';
import { AlcoveError } from '../shared/errors.js';
import { BLOCK, describeArchiveFailure, quote, type ReadPosition } from './archive-failure.js';
import { collisionKey, unsafeNameReason } from './entry-name.js';

export interface ArchiveLimits {
  /** Unpacked tar bytes in all (headers and padding included): the gzip-bomb cap. */
  readonly maxUnpackedBytes: number;
  /** Entries (files and directories). */
  readonly maxEntries: number;
  /** Size of each entry kept in memory. */
  readonly maxKeptBytes: number;
}

/** Generous for a package (datasets over 20 MiB are not packaged), small next to a bomb's terabytes. */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxUnpackedBytes: 4 * 1024 ** 3,
  maxEntries: 100_000,
  maxKeptBytes: 64 * 1024 ** 2,
};

export interface ArchiveFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ReadArchiveOptions {
  readonly limits?: Partial<ArchiveLimits>;
  /** Entries to keep in memory (e.g. the manifest). */
  readonly keep?: ReadonlySet<string>;
  /** A fresh empty folder to write every file into. */
  readonly extractTo?: string;
  readonly signal?: AbortSignal;
}

export interface ArchiveContents {
  /** Regular files in archive order. */
  readonly files: readonly ArchiveFile[];
  readonly kept: ReadonlyMap<string, Buffer>;
}

/** Counts unpacked bytes and fails the stream past the cap, so a bomb stops after `cap` bytes, not at the end. */
class ByteMeter extends Transform {
  private total = 0;
  exceeded = false;

  constructor(private readonly cap: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.total += chunk.length;
    if (this.total > this.cap) {
      this.exceeded = true;
      done(new Error(`unpacked past ${this.cap} bytes`));
      return;
    }
    done(null, chunk);
  }
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  symlink: 'a symbolic link',
  link: 'a hard link',
  'character-device': 'a character device',
  'block-device': 'a block device',
  fifo: 'a FIFO',
};

/** Errors of a write that the entry's name caused. */
const NAME_ERRNOS: ReadonlySet<string> = new Set(['ENAMETOOLONG', 'EEXIST', 'ENOTDIR', 'EISDIR', 'EINVAL', 'EILSEQ']);

/** Header checks and per-entry work; holds what has been seen so far. */
class EntryReader {
  readonly files: ArchiveFile[] = [];
  readonly kept = new Map<string, Buffer>();
  private readonly fileKeys = new Set<string>();
  private readonly dirKeys = new Set<string>();
  private entries = 0;
  position: ReadPosition = { current: null, previous: null, nextHeader: 0 };

  constructor(
    private readonly file: string,
    private readonly limits: ArchiveLimits,
    private readonly options: ReadArchiveOptions,
  ) {}

  private refuse(code: 'PACKAGE_UNSAFE' | 'PACKAGE_CORRUPT' | 'PACKAGE_TOO_LARGE', name: string, why: string) {
    return new AlcoveError(code, `${this.file}: entry ${quote(name)} refused: ${why}`);
  }

  /** The entry's `/`-separated name once its header passed every check; null for a directory (skipped). */
  private check(h: Header): string | null {
    const isDir = h.type === 'directory';
    const name = isDir && h.name.endsWith('/') ? h.name.slice(0, -1) : h.name;
    if (++this.entries > this.limits.maxEntries)
      throw this.refuse('PACKAGE_TOO_LARGE', name, `more than ${this.limits.maxEntries} entries`);
    const unsafe = unsafeNameReason(name);
    if (unsafe !== null) throw this.refuse('PACKAGE_UNSAFE', name, unsafe);
    if (!isDir && h.type !== 'file') {
      const what = TYPE_NAMES[String(h.type)] ?? `of unsupported type ${quote(String(h.type))}`;
      const target = h.linkname ? ` to ${quote(h.linkname)}` : '';
      throw this.refuse('PACKAGE_UNSAFE', name, `it is ${what}${target}; a package holds regular files only`);
    }
    if (!Number.isSafeInteger(h.size) || h.size < 0)
      throw this.refuse('PACKAGE_CORRUPT', name, `bad size field (${h.size})`);
    if (h.size > this.limits.maxUnpackedBytes)
      throw this.refuse(
        'PACKAGE_TOO_LARGE',
        name,
        `it claims ${h.size} bytes, over the ${this.limits.maxUnpackedBytes}-byte cap`,
      );
    const key = collisionKey(name);
    const parents = key
      .split('/')
      .slice(0, -1)
      .map((_, i, all) => all.slice(0, i + 1).join('/'));
    const clash = parents.find((p) => this.fileKeys.has(p));
    if (clash !== undefined) throw this.refuse('PACKAGE_UNSAFE', name, `its folder ${quote(clash)} is a file`);
    if (this.fileKeys.has(key)) throw this.refuse('PACKAGE_UNSAFE', name, 'the name appears twice');
    if (isDir) {
      this.dirKeys.add(key);
      return null;
    }
    if (this.dirKeys.has(key)) throw this.refuse('PACKAGE_UNSAFE', name, 'a folder of that name is in the package');
    this.fileKeys.add(key);
    for (const p of parents) this.dirKeys.add(p);
    return name;
  }

  /** A write of the extraction, its failure named after the entry (a name the file system refuses is the package's fault). */
  private async disk<T>(name: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const named = typeof code === 'string' && NAME_ERRNOS.has(code);
      throw new AlcoveError(
        named ? 'PACKAGE_UNSAFE' : 'INTERNAL',
        `${this.file}: cannot extract entry ${quote(name)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async read(entry: AsyncIterable<unknown> & { header: Header; offset: number }): Promise<void> {
    const h = entry.header;
    const name = this.check(h);
    this.position = { ...this.position, current: name };
    const keep = name !== null && this.options.keep?.has(name) === true;
    if (keep && h.size > this.limits.maxKeptBytes)
      throw this.refuse('PACKAGE_TOO_LARGE', name, `over ${this.limits.maxKeptBytes} bytes`);
    const out = name === null || this.options.extractTo === undefined ? null : join(this.options.extractTo, name);
    // 'wx': a file that already exists is never overwritten (names are unique, so this is only a second guard).
    const handle =
      out === null
        ? null
        : await this.disk(h.name, async () => {
            await mkdir(dirname(out), { recursive: true });
            return open(out, 'wx', 0o644);
          });
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let bytes = 0;
    try {
      for await (const chunk of entry) {
        const buf = chunk as Buffer;
        bytes += buf.length;
        hash.update(buf);
        if (keep) parts.push(buf);
        for (let off = 0; handle !== null && off < buf.length;)
          off += (await this.disk(h.name, () => handle.write(buf, off, buf.length - off))).bytesWritten;
      }
    } finally {
      await handle?.close();
    }
    if (name !== null) {
      this.files.push({ path: name, bytes, sha256: hash.digest('hex') });
      if (keep) this.kept.set(name, Buffer.concat(parts));
    }
    const next = entry.offset + BLOCK + Math.ceil(h.size / BLOCK) * BLOCK;
    this.position = { current: null, previous: name ?? h.name, nextHeader: next };
  }
}

/** Reads (and with `extractTo`, extracts) every entry, or throws one AlcoveError naming the entry at fault. */
export async function readArchive(file: string, options: ReadArchiveOptions = {}): Promise<ArchiveContents> {
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const meter = new ByteMeter(limits.maxUnpackedBytes);
  const tar = tarExtract();
  const reader = new EntryReader(file, limits, options);
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  // Settles to the pipeline's error (or null) so that the loop below decides which failure is reported.
  const piped = pipeline(createReadStream(file), createGunzip(), meter, tar, signal).then(
    () => null,
    (error: unknown) => error,
  );
  let failure: unknown = null;
  try {
    for await (const entry of tar) await reader.read(entry);
  } catch (error) {
    failure = error;
  }
  const pipeFailure = await piped;
  failure ??= pipeFailure;
  // The meter's error reaches the loop as a plain stream error; a refusal of our own came first and stands.
  if (meter.exceeded && !(failure instanceof AlcoveError)) {
    const at = reader.position;
    const where =
      at.current !== null
        ? `entry ${quote(at.current)}`
        : at.previous !== null
          ? `the data after entry ${quote(at.previous)}`
          : 'the first entry';
    throw new AlcoveError(
      'PACKAGE_TOO_LARGE',
      `${file}: ${where} refused: the package unpacks to more than ${limits.maxUnpackedBytes} bytes (a gzip bomb?)`,
    );
  }
  if (failure !== null) throw await describeArchiveFailure(file, failure, reader.position);
  return { files: reader.files, kept: reader.kept };
}
