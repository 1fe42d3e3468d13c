/**
 * Turn zod issues into one readable line per bad key path:
 * `configs/x.yaml: campaign.batch: Too small: expected number to be >0 (line 12)`.
 */
import type { z } from 'zod';

type ZodIssue = z.core.$ZodIssue;
type KeyPath = readonly PropertyKey[];

export interface ConfigProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Flatten issues into problems. An unknown key becomes its own path (`campaign.batchsize: unknown
 * key`). A failed union shows the issues of the one branch that came closest (fewest issues); when
 * branches tie, it shows the union's own message.
 */
export function flattenIssues(issues: readonly ZodIssue[], prefix: KeyPath = []): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const best = closestBranch(issue.errors);
      if (best === undefined) out.push({ path, message: issue.message });
      else out.push(...flattenIssues(best, path));
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function closestBranch(branches: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  let best: readonly ZodIssue[] | undefined;
  let tie = false;
  for (const branch of branches) {
    if (best === undefined || branch.length < best.length) {
      best = branch;
      tie = false;
    } else if (branch.length === best.length) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** `campaign.batch`, `featurizer.names[2]`, or `(top level)`. */
export function formatKeyPath(path: KeyPath): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/**
 * One line per problem, each naming the file and the key path; `locate` may add where the bad value
 * came from (a line of the file or a `--set` override).
 */
export function formatProblems(
  file: string,
  problems: readonly ConfigProblem[],
  locate: (path: readonly PropertyKey[]) => string | undefined = () => undefined,
): string {
  const lines = problems.map((p) => {
    const where = locate(p.path);
    return `${file}: ${formatKeyPath(p.path)}: ${p.message}${where === undefined ? '' : ` (${where})`}`;
  });
  return [...new Set(lines)].join('\n');
}
