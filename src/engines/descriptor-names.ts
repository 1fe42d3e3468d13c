/**
 * The numeric descriptors RDKit.js (MinimalLib 2026.09) returns from `Mol.get_descriptors()`, in the order it
 * returns them. This order is the column order of a `descriptors` DenseMatrix when `spec.names` is not given,
 * so a saved model's columns stay meaningful even if a future RDKit.js adds or reorders keys.
 *
 *  - exactmw / amw: monoisotopic / average molecular weight (Da)
 *  - lipinskiHBA / lipinskiHBD: Lipinski's N+O count / NH+OH count
 *  - NumRotatableBonds, NumHBD, NumHBA: rotatable bonds, H-bond donors / acceptors (RDKit definitions)
 *  - NumHeavyAtoms, NumAtoms (including implicit H), NumHeteroatoms, NumAmideBonds
 *  - FractionCSP3: share of sp3 carbons among carbons
 *  - NumRings, NumAromaticRings, NumAliphaticRings, NumSaturatedRings, NumHeterocycles,
 *    NumAromaticHeterocycles, NumSaturatedHeterocycles, NumAliphaticHeterocycles
 *  - NumSpiroAtoms, NumBridgeheadAtoms, NumAtomStereoCenters, NumUnspecifiedAtomStereoCenters
 *  - labuteASA: Labute's approximate surface area (Å²); tpsa: topological polar surface area (Å², N and O only)
 *  - CrippenClogP, CrippenMR: Wildman-Crippen logP and molar refractivity
 *  - chi0v..chi4v, chi0n..chi4n: Kier-Hall connectivity indices; hallKierAlpha; kappa1..kappa3: Kier shape
 *    indices; Phi: Kier flexibility index
 */
export const DESCRIPTOR_NAMES = [
  'exactmw',
  'amw',
  'lipinskiHBA',
  'lipinskiHBD',
  'NumRotatableBonds',
  'NumHBD',
  'NumHBA',
  'NumHeavyAtoms',
  'NumAtoms',
  'NumHeteroatoms',
  'NumAmideBonds',
  'FractionCSP3',
  'NumRings',
  'NumAromaticRings',
  'NumAliphaticRings',
  'NumSaturatedRings',
  'NumHeterocycles',
  'NumAromaticHeterocycles',
  'NumSaturatedHeterocycles',
  'NumAliphaticHeterocycles',
  'NumSpiroAtoms',
  'NumBridgeheadAtoms',
  'NumAtomStereoCenters',
  'NumUnspecifiedAtomStereoCenters',
  'labuteASA',
  'tpsa',
  'CrippenClogP',
  'CrippenMR',
  'chi0v',
  'chi1v',
  'chi2v',
  'chi3v',
  'chi4v',
  'chi0n',
  'chi1n',
  'chi2n',
  'chi3n',
  'chi4n',
  'hallKierAlpha',
  'kappa1',
  'kappa2',
  'kappa3',
  'Phi',
] as const;

export type DescriptorName = (typeof DESCRIPTOR_NAMES)[number];

const NAME_SET: ReadonlySet<string> = new Set(DESCRIPTOR_NAMES);

export function isDescriptorName(value: string): value is DescriptorName {
  return NAME_SET.has(value);
}

/**
 * `get_descriptors()` of a parsed Mol as a name → number record. Values that are not finite numbers
 * (JSON has no NaN; RDKit would write null) come back as NaN.
 */
export function readDescriptors(mol: { get_descriptors(): string }): Record<string, number> {
  const raw = JSON.parse(mol.get_descriptors()) as Record<string, unknown>;
  const out: Record<string, number> = {};
  for (const key of Object.keys(raw)) {
    const v = raw[key];
    out[key] = typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
  }
  return out;
}
