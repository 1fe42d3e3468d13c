/**
 * Top functions of a V8 CPU profile by self time:
 *   node dist/bench/profile-summary.js FILE.cpuprofile [--top 25]
 * Use with `npm run bench -- --cpu-prof DIR` (or `node --cpu-prof dist/bench/alcove-run.js ...`): one
 * profile per thread, the main thread's and each worker's.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface FunctionCost {
  readonly name: string;
  readonly where: string;
  readonly selfMs: number;
  readonly share: number;
}

export function isCpuProfile(value: unknown): value is CpuProfile {
  const v = value as Partial<CpuProfile> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray(v.nodes) &&
    Array.isArray(v.samples) &&
    Array.isArray(v.timeDeltas)
  );
}

/** Self time per function (summed over the nodes that share name and location), largest first. */
export function selfTimes(profile: CpuProfile): { totalMs: number; functions: FunctionCost[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const node = byId.get(id);
    if (node === undefined) return;
    const f = node.callFrame;
    const where = f.url === '' ? '' : `${basename(f.url)}:${f.lineNumber + 1}`;
    const key = `${f.functionName}@${where}`;
    const entry = ms.get(key) ?? { name: f.functionName || '(anonymous)', where, us: 0 };
    entry.us += dt;
    ms.set(key, entry);
  });
  const functions = [...ms.values()]
    .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, share: total > 0 ? e.us / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: total / 1000, functions };
}

function main(argv: readonly string[]): number {
  const file = argv[0];
  if (file === undefined) {
    process.stderr.write('usage: profile-summary FILE.cpuprofile [--top N]\n');
    return 2;
  }
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1] ?? 25) : 25;
  const profile: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isCpuProfile(profile)) {
    process.stderr.write(`${file} is not a V8 CPU profile\n`);
    return 2;
  }
  const { totalMs, functions } = selfTimes(profile);
  process.stdout.write(`${basename(file)}: ${(totalMs / 1000).toFixed(2)} s sampled\n`);
  for (const f of functions.slice(0, top)) {
    process.stdout.write(
      `${f.selfMs.toFixed(0).padStart(8)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}  ${f.where}\n`,
    );
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(basename(process.argv[1]))) {
  process.exitCode = main(process.argv.slice(2));
}
