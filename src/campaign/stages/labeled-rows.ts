/** The molecules of `indices` whose label is known (a failed oracle call is null), with their labels. */
export function labeledRows(
  indices: readonly number[],
  labels: readonly (number | null)[],
): { rows: number[]; y: number[] } {
  const rows: number[] = [];
  const y: number[] = [];
  indices.forEach((idx, j) => {
    const label = labels[j];
    if (label !== null && label !== undefined) {
      rows.push(idx);
      y.push(label);
    }
  });
  return { rows, y };
}
