/**
 * The README's exit-code table is the contract: every error code is listed under the exit it gives
 * (report-error.ts: bad input 2, anything else 1), and the CLI's exits are the table's rows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/command-context.js';
import { USAGE_CODES } from '../../src/cli/report-error.js';
import { ERROR_CODES, type ErrorCode } from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = readFileSync(`${REPO_ROOT}README.md`, 'utf8');
/** The table's rows: exit code → the row's text. */
const rows = new Map([...readme.matchAll(/^\| `(\d+)` \| (.*) \|$/gm)].map((m) => [Number(m[1]), m[2] ?? ''] as const));
const codesIn = (row: string) => new Set([...row.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]));

describe("README's exit-code table", () => {
  it('has a row for every exit the CLI gives, and no other', () => {
    expect([...rows.keys()].sort((a, b) => a - b)).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });

  it('lists every error code under the exit it gives', () => {
    // A manual oracle's wait is not an error of the command: the campaign checkpoints and exits 3.
    const exitOf = (code: ErrorCode) =>
      code === 'ORACLE_WAITING' ? EXIT.waiting : USAGE_CODES.has(code) ? EXIT.usage : EXIT.failed;
    const listed = new Map([EXIT.usage, EXIT.failed, EXIT.waiting].map((e) => [e, codesIn(rows.get(e) ?? '')]));
    for (const code of ERROR_CODES) {
      for (const [exit, codes] of listed) {
        if (exit === exitOf(code)) expect(codes, code).toContain(code);
        else expect(codes, code).not.toContain(code);
      }
    }
  });
});
