import type { Oracle } from '../../oracles/oracle.js';
import type { Exec } from '../../pool/executor.js';

/** The oracle's labels for `indices`, and how many of its calls failed (null labels). */
export async function labelBatch(
  oracle: Oracle,
  indices: readonly number[],
  exec: Exec,
): Promise<{ labels: (number | null)[]; failures: number }> {
  const labels = await oracle.label(indices, exec);
  return { labels, failures: labels.filter((l) => l === null).length };
}
