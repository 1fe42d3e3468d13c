/** Field-by-field comparison of metric histories and of environments, for `reproduce`. */
export interface RoundLike {
  readonly generation: number;
  readonly labeled: number;
  readonly metrics: Readonly<Record<string, number | null | undefined>>;
}

export interface Difference {
  readonly field: string;
  readonly packaged: unknown;
  readonly reproduced: unknown;
}

const same = (a: unknown, b: unknown) =>
  a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));

/** Rounds compared by position: generation, labeled and every metric (seconds are not compared). */
export function compareHistories(
  prefix: string,
  packaged: readonly RoundLike[],
  reproduced: readonly RoundLike[],
): Difference[] {
  const out: Difference[] = [];
  if (packaged.length !== reproduced.length)
    out.push({ field: `${prefix}rounds`, packaged: packaged.length, reproduced: reproduced.length });
  const n = Math.min(packaged.length, reproduced.length);
  for (let i = 0; i < n; i++) {
    const a = packaged[i] as RoundLike;
    const b = reproduced[i] as RoundLike;
    const at = `${prefix}round ${i}`;
    if (a.generation !== b.generation)
      out.push({ field: `${at}.generation`, packaged: a.generation, reproduced: b.generation });
    if (a.labeled !== b.labeled) out.push({ field: `${at}.labeled`, packaged: a.labeled, reproduced: b.labeled });
    for (const key of new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])) {
      const x = a.metrics[key] ?? null;
      const y = b.metrics[key] ?? null;
      if (!same(x, y)) out.push({ field: `${at}.metrics.${key}`, packaged: x, reproduced: y });
    }
  }
  return out;
}

/** Leaves of two JSON values that differ, by dotted path (host is compared too: the caller may treat it as informational). */
export function compareJson(prefix: string, a: unknown, b: unknown, out: Difference[] = []): Difference[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
      compareJson(prefix === '' ? key : `${prefix}.${key}`, a[key], b[key], out);
    return out;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ field: prefix, packaged: a ?? null, reproduced: b ?? null });
  return out;
}

export function formatDifference(d: Difference): string {
  return `${d.field}: packaged ${JSON.stringify(d.packaged)}, reproduced ${JSON.stringify(d.reproduced)}`;
}
