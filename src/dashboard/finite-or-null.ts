/** A number to plot or show; null (a gap, a dash) for missing, NaN and infinite values. */
export function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}
