/** What the dashboard shows of task attempts: chains of retries per generation and stage. */
import type { StatusTaskRound } from '../dashboard/status-input.js';
import type { AttemptClass, AuditEvent } from './audit-events.js';

/**
 * Task attempts per generation and stage, as the dashboard shows them. Attempts of one `key` form a chain
 * (tries 1..n, possibly across runs); a chain ends at its first `ok`, and a later attempt of the same key
 * starts a new chain. A chain that succeeded at once counts as `ok`, after retries as `retried`; one that
 * never succeeded counts under the class of its last attempt. A chain whose newest attempt is still open is
 * not counted yet. Generations ascending.
 */
export function summarizeAttempts(events: readonly AuditEvent[]): StatusTaskRound[] {
  interface Chain {
    generation: number;
    stage: string;
    tries: number;
    last: AttemptClass | null;
  }
  const chains: Chain[] = [];
  const currentChain = new Map<string, Chain>();
  const chainOfAttempt = new Map<string, Chain>();
  for (const e of events) {
    if (e.type === 'attempt-start') {
      let chain = currentChain.get(e.key);
      if (chain === undefined || chain.last === 'ok') {
        chain = { generation: e.generation, stage: e.stage, tries: 0, last: null };
        chains.push(chain);
        currentChain.set(e.key, chain);
      }
      chain.tries += 1;
      chain.last = null;
      chainOfAttempt.set(e.id, chain);
    } else if (e.type === 'attempt-end' || e.type === 'attempt-closed') {
      const chain = chainOfAttempt.get(e.id);
      if (chain === undefined) continue;
      chain.last = e.class;
      chainOfAttempt.delete(e.id);
    }
  }
  type Cell = { ok: number; retried: number; failed: Partial<Record<AttemptClass, number>> };
  const byGeneration = new Map<number, Record<string, Cell>>();
  for (const c of chains) {
    if (c.last === null) continue;
    let stages = byGeneration.get(c.generation);
    if (stages === undefined) {
      stages = {};
      byGeneration.set(c.generation, stages);
    }
    const cell = (stages[c.stage] ??= { ok: 0, retried: 0, failed: {} });
    if (c.last === 'ok') {
      if (c.tries === 1) cell.ok += 1;
      else cell.retried += 1;
    } else {
      cell.failed[c.last] = (cell.failed[c.last] ?? 0) + 1;
    }
  }
  return [...byGeneration.entries()].sort(([a], [b]) => a - b).map(([generation, stages]) => ({ generation, stages }));
}
