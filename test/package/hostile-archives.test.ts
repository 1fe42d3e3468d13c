/**
 * Packages are untrusted input. Each hostile archive here is written byte by byte (test/helpers/raw-tar.ts), around
 * an otherwise complete package, and must be refused by verify and by reproduce with a stable code and a message
 * naming the entry, with nothing written inside the target folder or anywhere around it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readArchive, type ArchiveLimits } from '../../src/package/read-archive.js';
import { reproducePackage } from '../../src/package/reproduce-package.js';
import { verifyPackage } from '../../src/package/verify-package.js';
import { systemClock } from '../../src/shared/clock.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { campaignFiles, gnuLongName, manifestFor, paxPath, rawTar, type RawEntry } from '../helpers/raw-tar.js';

const root = mkdtempSync(join(tmpdir(), 'alcove-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const CONFIG = `name: hostile
seed: 1
dataset: { builtin: amide-library, subsample: 100 }
featurizer: { kind: morgan, radius: 2, bits: 256 }
model: { trees: 3, max_depth: 4 }
campaign: { initial: 10, batch: 10, generations: 1, top_k: 5 }
`;
const FILES = campaignFiles(CONFIG);

interface Scene {
  readonly base: string;
  /** The folder that holds the target; must stay empty. */
  readonly work: string;
  /** `--state-dir` of reproduce; must not come into existence. */
  readonly target: string;
  readonly file: string;
}

let scenes = 0;
function scene(): Scene {
  const base = join(root, `case-${scenes++}`);
  mkdirSync(join(base, 'work'), { recursive: true });
  mkdirSync(join(base, 'packages'));
  return {
    base,
    work: join(base, 'work'),
    target: join(base, 'work', 'state'),
    file: join(base, 'packages', 'p.tar.gz'),
  };
}

/** MANIFEST.json (listing the package's files and `listed`), the files, then the hostile entries. */
function hostileTar(hostile: readonly RawEntry[], listed: Record<string, string> = {}): Buffer {
  const files = { ...FILES, ...listed };
  const entries: RawEntry[] = [{ name: 'MANIFEST.json', data: manifestFor(files) }];
  for (const [name, data] of Object.entries(FILES)) entries.push({ name, data });
  return rawTar([...entries, ...hostile]);
}

async function refusal(run: () => Promise<unknown>): Promise<AlcoveError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'the package was accepted').toBeInstanceOf(AlcoveError);
  return error as AlcoveError;
}

/** verify and reproduce both refuse with `code` and a one-line message naming `entry`; nothing is written. */
async function expectRefused(s: Scene, code: string, entry: string, limits?: Partial<ArchiveLimits>) {
  const opts = limits === undefined ? {} : { limits };
  const v = await refusal(() => verifyPackage(s.file, opts));
  expect([v.code, v.message]).toEqual([code, expect.stringContaining(entry) as string]);
  expect(v.message).not.toContain('\n');
  const r = await refusal(() => reproducePackage({ file: s.file, stateDir: s.target, clock: systemClock, ...opts }));
  expect([r.code, r.message]).toEqual([code, expect.stringContaining(entry) as string]);
  expect(readdirSync(s.work)).toEqual([]);
  expect(readdirSync(s.base).sort()).toEqual(['packages', 'work']);
  expect(readdirSync(join(s.base, 'packages'))).toEqual(['p.tar.gz']);
}

describe('hostile package entries are refused before anything is written', () => {
  it("an entry climbing out with '..'", async () => {
    const s = scene();
    const name = `../../../escape-${scenes}.txt`;
    writeFileSync(s.file, gzipSync(hostileTar([{ name, data: 'pwned' }], { [name]: 'pwned' })));
    await expectRefused(s, 'PACKAGE_UNSAFE', name);
    expect(existsSync(join(s.base, '..', `escape-${scenes}.txt`))).toBe(false);
  });

  it('an absolute path', async () => {
    const s = scene();
    const name = `${join(root, `abs-${scenes}`)}/evil.txt`;
    writeFileSync(s.file, gzipSync(hostileTar([{ name, data: 'pwned' }])));
    await expectRefused(s, 'PACKAGE_UNSAFE', name);
    expect(existsSync(name)).toBe(false);
  });

  it.each([
    ['a symlink', { name: 'link', type: '2', linkname: '/tmp' }, 'symbolic link'],
    ['a hard link', { name: 'hl', type: '1', linkname: '/etc/passwd' }, 'hard link'],
    ['a character device', { name: 'tty', type: '3' }, 'character device'],
    ['a FIFO', { name: 'pipe', type: '6' }, 'FIFO'],
    ['a backslash in the name', { name: 'dir\\evil.txt', data: 'x' }, 'backslash'],
  ] as const)('%s', async (_what, entry: RawEntry, why) => {
    const s = scene();
    // A link is followed by a file through it: the classic escape if the link were created.
    writeFileSync(s.file, gzipSync(hostileTar([entry, { name: `${entry.name}/evil.txt`, data: 'pwned' }])));
    await expectRefused(s, 'PACKAGE_UNSAFE', JSON.stringify(entry.name));
    const v = await refusal(() => verifyPackage(s.file));
    expect(v.message).toContain(why);
  });

  it.each([
    ['the same name twice', 'README.md'],
    ['names that differ only in case', 'readme.md'],
  ])('%s', async (_what, second) => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar([{ name: second, data: 'second copy' }])));
    await expectRefused(s, 'PACKAGE_UNSAFE', second);
  });

  it('a file where the package has a folder of the same name', async () => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar([{ name: 'metrics', data: 'x' }])));
    await expectRefused(s, 'PACKAGE_UNSAFE', '"metrics"');
  });

  it.each([
    // Base-256 two's complement: 0xff…0xfe is -1.
    ['negative (base-256)', Buffer.from([...Array<number>(11).fill(0xff), 0xfe])],
    ['negative (octal text)', '-0000001000\0'],
    ['not octal', 'zzzzzzzzzzz\0'],
  ])('a %s size field', async (_what, sizeField) => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar([{ name: 'size.bin', sizeField, body: Buffer.alloc(1024) }])));
    await expectRefused(s, 'PACKAGE_CORRUPT', '"size.bin"');
  });

  it('a size field claiming more than the cap', async () => {
    const s = scene();
    writeFileSync(
      s.file,
      gzipSync(hostileTar([{ name: 'huge.bin', sizeField: '77777777777\0', body: Buffer.alloc(512) }])),
    );
    await expectRefused(s, 'PACKAGE_TOO_LARGE', '"huge.bin"');
  });

  it('a bad header checksum', async () => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar([{ name: 'sum.txt', data: 'hello', badChecksum: true }])));
    await expectRefused(s, 'PACKAGE_CORRUPT', '"sum.txt"');
  });

  it('a truncated archive', async () => {
    const s = scene();
    const tar = hostileTar([{ name: 'cut.bin', data: Buffer.alloc(4096, 1) }]);
    writeFileSync(s.file, gzipSync(tar.subarray(0, tar.length - 1024 - 2048)));
    await expectRefused(s, 'PACKAGE_CORRUPT', '"cut.bin"');
  });

  it('a pax name with .. or a NUL byte', async () => {
    for (const [name, why] of [
      ['ok/../../../evil.txt', "'..'"],
      ['evil\0.txt', 'NUL'],
    ] as const) {
      const s = scene();
      writeFileSync(s.file, gzipSync(hostileTar([paxPath(name), { name: 'innocent.txt', data: 'x' }])));
      await expectRefused(s, 'PACKAGE_UNSAFE', JSON.stringify(name));
      expect((await refusal(() => verifyPackage(s.file))).message).toContain(why);
    }
  });

  it('a gzip bomb: 200 MiB of zeros after a small entry stop at the cap', async () => {
    const s = scene();
    const gz = createGzip();
    const out: Buffer[] = [];
    gz.on('data', (d: Buffer) => out.push(d));
    gz.write(hostileTar([{ name: 'small.txt', data: 'x' }]).subarray(0, -1024));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 200; i++) gz.write(zeros);
    await new Promise<void>((resolve) => gz.end(resolve));
    writeFileSync(s.file, Buffer.concat(out));
    expect(Buffer.concat(out).length).toBeLessThan(1024 * 1024);
    await expectRefused(s, 'PACKAGE_TOO_LARGE', '"small.txt"', { maxUnpackedBytes: 16 * 1024 * 1024 });
  });

  it('an entry claiming more than a low cap', async () => {
    const s = scene();
    const claim = `${(200 * 1024 * 1024).toString(8).padStart(11, '0')}\0`;
    writeFileSync(s.file, gzipSync(hostileTar([{ name: 'bomb.bin', sizeField: claim, body: Buffer.alloc(512) }])));
    await expectRefused(s, 'PACKAGE_TOO_LARGE', '"bomb.bin"', { maxUnpackedBytes: 16 * 1024 * 1024 });
  });

  it('more entries than the cap', async () => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar([])));
    await expectRefused(s, 'PACKAGE_TOO_LARGE', '"package.json"', { maxEntries: 2 });
  });

  it('not a gzip file', async () => {
    const s = scene();
    writeFileSync(s.file, hostileTar([]));
    await expectRefused(s, 'PACKAGE_CORRUPT', 'gzip');
  });
});

describe('a package that does not match its manifest', () => {
  it.each([
    ['an entry the manifest does not list', [{ name: 'extra.sh', data: 'echo hi' }], {}, 'unexpected', 'extra.sh'],
    ['a listed entry that is missing', [], { 'gone.txt': 'x' }, 'missing', 'gone.txt'],
  ] as const)('%s: verify names it, reproduce refuses it', async (_what, hostile, listed, kind, name) => {
    const s = scene();
    writeFileSync(s.file, gzipSync(hostileTar(hostile, listed)));
    const v = await verifyPackage(s.file);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => `${p.kind} ${p.path}`)).toEqual([`${kind} ${name}`]);
    const r = await refusal(() => reproducePackage({ file: s.file, stateDir: s.target, clock: systemClock }));
    expect(r.code).toBe('PACKAGE_MISMATCH');
    expect(r.message).toContain(`"${name}"`);
    expect(readdirSync(s.work)).toEqual([]);
  });
});

describe('long names', () => {
  const long = `${'deep/'.repeat(40)}${'n'.repeat(120)}.json`;

  it.each([
    ['pax', paxPath(long)],
    ['GNU', gnuLongName(long)],
  ])('a %s long name is read and extracted under its full name', async (_what, header) => {
    const s = scene();
    const tar = hostileTar([header, { name: 'truncated-name', data: 'long content' }], { [long]: 'long content' });
    writeFileSync(s.file, gzipSync(tar));
    const v = await verifyPackage(s.file);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    const into = join(s.work, 'x');
    mkdirSync(into);
    const r = await readArchive(s.file, { extractTo: into });
    expect(r.files.map((f) => f.path)).toContain(long);
    expect(readFileSync(join(into, long), 'utf8')).toBe('long content');
    expect(existsSync(join(into, 'truncated-name'))).toBe(false);
  });
});
