/**
 * Warnings for writes that must never crash a run (the views: status.html, db.json, summary.json, the
 * report, the manifest): each distinct failure is logged once, and kept, so that summary.json can list
 * the views this run could not write.
 */
import { warningText } from '../shared/errors.js';

/** Logs `warning: <what> failed: <message>` unless the same line was logged before. */
export interface WarnOnce {
  (what: string, error: unknown): void;
  /** The distinct warnings so far, in order, without the `warning: ` prefix. */
  readonly messages: readonly string[];
}

export function createWarnOnce(log: (line: string) => void): WarnOnce {
  const messages: string[] = [];
  const warn = (what: string, error: unknown) => {
    const message = `${what} failed: ${warningText(error)}`;
    if (!messages.includes(message)) {
      messages.push(message);
      log(`warning: ${message}`);
    }
  };
  return Object.assign(warn, { messages });
}
