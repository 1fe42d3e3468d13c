/**
 * Fuzz: checkpoints. Mutations of a real state.json envelope (bytes, JSON values, versions, statuses) must load
 * or be refused with BAD_CHECKPOINT naming the file, which is left byte for byte as it was; the last good
 * checkpoint beside it stays loadable, also when a mutated temp file of a killed writer lies next to it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCheckpointWriter, readCheckpoint } from '../../src/state/checkpoint.js';
import { AlcoveError } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { fuzzRuns, outcome, repoListing } from './fuzz-settings.js';
import { applyByteEdits, applyValueEdits, byteEdits, hostileValue, valueEdits } from './mutations.js';

const REAL = join(REPO_ROOT, 'test', 'fixtures', 'legacy-state', 'state.json');
const TEXT = readFileSync(REAL);
const ENVELOPE = JSON.parse(TEXT.toString('utf8')) as { configHash: string };
const root = mkdtempSync(join(tmpdir(), 'alcove-fuzz-checkpoint-'));
const before = repoListing();
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  expect(repoListing()).toBe(before);
});

const mutated = fc.oneof(
  byteEdits.map((edits) => applyByteEdits(TEXT, edits)),
  valueEdits.map((edits) => Buffer.from(JSON.stringify(applyValueEdits(JSON.parse(TEXT.toString('utf8')), edits)))),
  fc
    .record({
      schemaVersion: fc.oneof(fc.constantFrom(0, 1, 2, -1, 1.5), hostileValue),
      status: fc.oneof(fc.constantFrom('active', 'done', 'error', 'stopped'), hostileValue),
    })
    .map(({ schemaVersion, status }) => {
      const envelope = JSON.parse(TEXT.toString('utf8')) as { schemaVersion: unknown; snapshot: { status: unknown } };
      envelope.schemaVersion = schemaVersion;
      envelope.snapshot.status = status;
      return Buffer.from(JSON.stringify(envelope));
    }),
  fc.integer({ min: 100, max: 200_000 }).map((n) => Buffer.from(`${'['.repeat(n)}${']'.repeat(n)}`)),
);
const expectedHash = fc.constantFrom<string | null>(null, ENVELOPE.configHash, 'f'.repeat(64));

let cases = 0;
function folder(): string {
  const dir = join(root, `case-${cases++}`);
  mkdirSync(dir);
  copyFileSync(REAL, join(dir, 'good.json'));
  return dir;
}

describe('checkpoint fuzz', () => {
  it('a mutated state.json loads or is refused, and is left untouched', () => {
    fc.assert(
      fc.property(mutated, expectedHash, (bytes, hash) => {
        const dir = folder();
        const path = join(dir, 'state.json');
        writeFileSync(path, bytes);
        const result = outcome(() => readCheckpoint(path, hash), ['BAD_CHECKPOINT']);
        if (result instanceof AlcoveError) {
          expect(result.message).toContain(path);
          expect(result.message).not.toContain('\n');
        } else {
          expect(Number.isInteger(result.snapshot.context.generation)).toBe(true);
          expect(result.snapshot.status).not.toBe('error');
        }
        expect(readFileSync(path).equals(bytes)).toBe(true);
        expect(readCheckpoint(join(dir, 'good.json'), ENVELOPE.configHash).configHash).toBe(ENVELOPE.configHash);
        expect(readdirSync(dir).sort()).toEqual(['good.json', 'state.json']);
        rmSync(dir, { recursive: true, force: true });
      }),
      fuzzRuns(200),
    );
  });

  it("a killed writer's mutated temp file: cleared, and the last checkpoint still loads", () => {
    fc.assert(
      fc.property(mutated, fc.nat(9_999), (bytes, pid) => {
        const dir = folder();
        const path = join(dir, 'state.json');
        copyFileSync(REAL, path);
        writeFileSync(join(dir, `.state.json.${pid}.0.tmp`), bytes);
        createCheckpointWriter(path, ENVELOPE.configHash);
        expect(readdirSync(dir).sort()).toEqual(['good.json', 'state.json']);
        expect(readCheckpoint(path, ENVELOPE.configHash).snapshot.context.generation).toBe(1);
        rmSync(dir, { recursive: true, force: true });
      }),
      fuzzRuns(40),
    );
  });
});
