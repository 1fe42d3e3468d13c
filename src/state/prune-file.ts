/**
 * The pruned part of the pool (`acquisition.prune`), one file per generation under `artifacts/prune/`:
 * `after-generation-<g>.bin`, one byte per pool molecule (1 = pruned), written with its digest after the
 * generation's predictions. A re-run explore stage (a resume) reads the previous generation's file and
 * writes its own again, with the same bytes: the pruned set never goes into the JSON checkpoint (at 2M
 * molecules it would be megabytes) and needs no recomputation from older models.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDigestedFile, writeDigestedFile } from '../shared/digest-file.js';
import { AlcoveError } from '../shared/errors.js';

export interface PruneStore {
  /** The mask in force before generation `generation`'s acquisition: the last one saved before it. */
  before(generation: number, molecules: number): Uint8Array;
  /** Records the mask in force after generation `generation`'s acquisition. */
  save(generation: number, mask: Uint8Array): void;
}

export function createPruneStore(dir: string): PruneStore {
  const fileOf = (g: number) => join(dir, `after-generation-${g}.bin`);
  return {
    before(generation, molecules) {
      for (let g = generation - 1; g >= 1; g--) {
        const read = readDigestedFile(fileOf(g));
        if (!read.ok && read.missing) continue;
        if (!read.ok || read.bytes.length !== molecules) {
          const why = read.ok ? `${read.bytes.length} bytes for ${molecules} molecules` : read.why;
          throw new AlcoveError(
            'BAD_DATA',
            `the pruned pool ${fileOf(g)} is damaged (${why}); resume with --fresh to start the campaign again`,
          );
        }
        return new Uint8Array(read.bytes);
      }
      return new Uint8Array(molecules);
    },
    save(generation, mask) {
      mkdirSync(dir, { recursive: true });
      writeDigestedFile(fileOf(generation), mask);
    },
  };
}
