/**
 * `--tell FILE` on a campaign's state folder: the campaign must be waiting for a laboratory's results;
 * the file is checked whole and journaled (manual-tell.ts); then the campaign goes on as a resume.
 */
import type { CampaignConfig } from '../config/campaign-schema.js';
import type { WaitingFor } from '../machine/campaign-types.js';
import { tellResults } from '../oracles/manual-tell.js';
import type { OracleJournal } from '../oracles/oracle-journal.js';
import type { Clock } from '../shared/clock.js';
import { AlcoveError } from '../shared/errors.js';
import type { CheckpointEnvelope } from '../state/checkpoint.js';
import type { StringColumn } from '../shared/smiles-store.js';

export interface ApplyTellOptions {
  readonly file: string;
  readonly stateDir: string;
  readonly envelope: CheckpointEnvelope | null;
  readonly config: Pick<CampaignConfig, 'oracle'>;
  readonly ids: StringColumn;
  readonly journal: OracleJournal;
  readonly clock: Pick<Clock, 'now'>;
  readonly log: (line: string) => void;
}

export async function applyTell(options: ApplyTellOptions): Promise<void> {
  const { envelope, config, stateDir } = options;
  const { oracle } = config;
  if (oracle.kind !== 'manual') {
    throw new AlcoveError('BAD_INPUT', `--tell: the campaign's oracle is '${oracle.kind}', not 'manual'`);
  }
  const snapshot = envelope?.snapshot;
  const waiting = (snapshot?.context as { waiting?: WaitingFor | null } | undefined)?.waiting ?? null;
  if (snapshot === undefined || snapshot.value !== 'waiting' || waiting === null) {
    const state = typeof snapshot?.value === 'string' ? snapshot.value : 'unknown';
    throw new AlcoveError(
      'BAD_INPUT',
      `--tell: the campaign in ${stateDir} is not waiting for results (it is ${state})`,
    );
  }
  const told = await tellResults({
    file: options.file,
    stateDir,
    waiting,
    columns: { id: oracle.id_column, score: oracle.score_column },
    ids: options.ids,
    journal: options.journal,
    now: options.clock.now(),
  });
  options.log(
    `told: ${told.told} result(s) for ${waiting.file}` +
      (told.failed > 0 ? ` (${told.failed} failed)` : '') +
      (told.pending > 0 ? `; ${told.pending} still pending` : '; the batch is complete'),
  );
}
