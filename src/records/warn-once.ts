/** Warnings for writes that must never crash a run: each distinct failure is logged once. */

/** Logs `warning: <what> failed: <message>` unless the same line was logged before. */
export type WarnOnce = (what: string, error: unknown) => void;

export function createWarnOnce(log: (line: string) => void): WarnOnce {
  const problems = new Set<string>();
  return (what, error) => {
    const message = `${what} failed: ${(error as Error).message ?? String(error)}`;
    if (!problems.has(message)) {
      problems.add(message);
      log(`warning: ${message}`);
    }
  };
}
