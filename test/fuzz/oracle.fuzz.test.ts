/**
 * Fuzz: what a command oracle's program prints. Random stdout (bytes, CSV-like text, hostile scores and ids) must
 * parse into per-molecule scores (finite or null) or be classified as unusable output, never throw; random exit
 * facts and stderr always get a known class.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyExit,
  createOomScanner,
  createTailBuffer,
  lastLine,
  OOM_TEXT,
} from '../../src/oracles/command/command-oracle-classify.js';
import { COMMAND_RESULT_CLASSES, parseScoresCsv } from '../../src/oracles/command/command-oracle-protocol.js';
import { fuzzRuns } from './fuzz-settings.js';
import { applyByteEdits, byteEdits } from './mutations.js';

const IDS = ['m1', 'm2', 'm3', 'a,b', ' m5', 'm"6'];
const score = fc.oneof(
  fc.constantFrom('1e309', '-1e309', 'inf', 'nan', 'NaN', '', ' ', '0x10', '1.2.3', '-0', '1e-400', '١', 'Infinity'),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 6 }),
);
const id = fc.oneof(fc.constantFrom(...IDS), fc.string({ maxLength: 5 }));
const field = (v: string, quote: boolean) => (quote || /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const csvOutput = fc
  .record({
    header: fc.oneof(
      fc.constant<string[]>(['id', 'score']),
      fc.shuffledSubarray(['id', 'score', 'extra', ' id', 'score ', 'ID'], { minLength: 1 }),
    ),
    rows: fc.array(fc.tuple(id, score, fc.boolean()), { maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
  })
  .map(({ header, rows, eol, bom }) => {
    const idAt = header.indexOf('id');
    const lines = [header.join(',')];
    for (const [i, s, q] of rows) {
      lines.push(header.map((h, k) => field(k === idAt ? i : h.includes('score') ? s : 'x', q)).join(','));
    }
    return Buffer.from(`${bom ? '\ufeff' : ''}${lines.join(eol)}${eol}`);
  });

const stdout = fc.oneof(
  { weight: 3, arbitrary: csvOutput },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.tuple(csvOutput, byteEdits).map(([out, edits]) => applyByteEdits(out, edits)) },
);

describe('command oracle output fuzz', () => {
  it('stdout parses into finite scores or nulls, or is classified as unusable', () => {
    fc.assert(
      fc.property(stdout, fc.subarray(IDS, { minLength: 1 }), (out, ids) => {
        const r = parseScoresCsv(out, ids);
        if (r.ok) {
          expect(r.values).toHaveLength(ids.length);
          for (const v of r.values) expect(v === null || Number.isFinite(v)).toBe(true);
          for (const n of [r.unknownIds, r.conflicting, r.unparsable]) expect(Number.isInteger(n) && n >= 0).toBe(true);
        } else {
          expect(r.message.length).toBeGreaterThan(0);
          expect(r.message).not.toContain('\n');
        }
      }),
      fuzzRuns(200),
    );
  });

  it('exit facts and stderr always get a known class', () => {
    const stderr = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom('Killed', 'MemoryError', 'FATAL ERROR: JavaScript heap out of memory', 'std::bad_alloc', ''),
    );
    const facts = fc.record({
      spawnError: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
      interrupted: fc.boolean(),
      timedOut: fc.boolean(),
      timeoutMs: fc.nat(),
      overflowedAt: fc.option(fc.nat(), { nil: null }),
      exitCode: fc.option(fc.integer({ min: -1, max: 300 }), { nil: null }),
      signal: fc.option(fc.constantFrom('SIGKILL', 'SIGSEGV', 'SIGTERM', 'SIGABRT', 'SIGBUS', 'SIGXCPU'), {
        nil: null,
      }),
      memoryMb: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: null }),
    });
    fc.assert(
      fc.property(facts, fc.array(stderr, { maxLength: 5 }), (f, chunks) => {
        const scanner = createOomScanner();
        const tail = createTailBuffer(256);
        for (const c of chunks) {
          scanner.push(Buffer.from(c, 'latin1'));
          tail.push(Buffer.from(c, 'latin1'));
        }
        // The scanner finds out-of-memory text across chunk borders exactly when the whole stream has it.
        expect(scanner.found !== null).toBe(OOM_TEXT.test(chunks.join('')));
        const c = classifyExit({ ...f, oomText: scanner.found, lastStderrLine: lastLine(tail.text()) });
        expect(c.class === null || (COMMAND_RESULT_CLASSES as readonly string[]).includes(c.class)).toBe(true);
        expect(c.message).not.toContain('\n');
      }),
      fuzzRuns(150),
    );
  });
});
