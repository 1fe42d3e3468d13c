/**
 * The report's artifact table (render-report.ts prints what it is given): every file under artifacts/ with its
 * size and the sha256 of its bytes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listArtifacts } from '../../src/records/list-artifacts.js';

const dir = mkdtempSync(join(tmpdir(), 'alcove-artifacts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('listArtifacts', () => {
  it('lists artifacts in path order with bytes and the sha256 of their contents', () => {
    mkdirSync(join(dir, 'artifacts', 'models'), { recursive: true });
    writeFileSync(join(dir, 'artifacts', 'models', 'b.bin'), 'model bytes');
    writeFileSync(join(dir, 'artifacts', 'a.csv'), 'smiles\nC\n');
    writeFileSync(join(dir, 'artifacts', '.a.csv.tmp'), 'partial');
    const digest = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(listArtifacts(dir)).toEqual([
      { path: 'artifacts/a.csv', bytes: 9, sha256: digest('smiles\nC\n') },
      { path: 'artifacts/models/b.bin', bytes: 11, sha256: digest('model bytes') },
    ]);
  });
});
