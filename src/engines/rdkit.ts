/**
 * One RDKit.js (MinimalLib, WebAssembly) instance per thread, and safe Mol handling.
 *
 * Import: `@rdkit/rdkit` is an Emscripten CommonJS bundle (`module.exports = init; module.exports.default = init`)
 * whose `.d.ts` says `export default function`. Under NodeNext, TypeScript therefore types a default import as the
 * namespace `{ default: factory }` (not callable), while Node's runtime default import is `module.exports` itself.
 * `resolveFactory` takes the namespace and finds the function at either depth, so the same code runs under Node ESM
 * (compiled tsc), tsx and vitest. The `.d.ts` names the module `MainModule` and the molecule `Mol`, re-exported
 * here as `RDKitModule` / `JSMol`.
 *
 * Traps (measured): `get_mol` returns `null` on unparsable SMILES but a 0-atom Mol for `''`; every Mol owns
 * WASM heap memory (~16 KB) that only `delete()` frees, so all parsing here goes through `withMol`.
 */
import { workerData } from 'node:worker_threads';
import * as rdkitPackage from '@rdkit/rdkit';
import type { MainModule, Mol } from '@rdkit/rdkit';
import { AlcoveError } from '../shared/errors.js';
import { compiledRdkitWasm, instantiateFrom, isCompiledWasm, type CompiledWasm } from '../shared/rdkit-wasm.js';

export type RDKitModule = MainModule;
export type JSMol = Mol;

type RdkitFactory = (options?: unknown) => Promise<RDKitModule>;

function resolveFactory(): RdkitFactory {
  let candidate: unknown = rdkitPackage;
  for (let depth = 0; depth < 3; depth++) {
    if (typeof candidate === 'function') return candidate as RdkitFactory;
    if (typeof candidate !== 'object' || candidate === null) break;
    candidate = (candidate as { default?: unknown }).default;
  }
  throw new AlcoveError('INTERNAL', 'the @rdkit/rdkit package exports no initialiser function');
}

let instance: Promise<RDKitModule> | undefined;

/**
 * The compiled WebAssembly this thread instantiates: the one its pool posted (`workerData.rdkitWasm`),
 * else one compiled here (so the main thread's drawer and its workers' pool share one compilation).
 */
function compiledModule(): CompiledWasm | null {
  const posted: unknown = (workerData as { rdkitWasm?: unknown } | null | undefined)?.rdkitWasm;
  return isCompiledWasm(posted) ? posted : compiledRdkitWasm();
}

/** The thread's RDKit.js module, initialised once (memoised promise; a failed load is retried next call). */
export function loadRdkit(): Promise<RDKitModule> {
  if (instance === undefined) {
    instance = Promise.resolve()
      .then(() => {
        const module = compiledModule();
        return resolveFactory()(module === null ? undefined : { instantiateWasm: instantiateFrom(module) });
      })
      .catch((cause: unknown) => {
        instance = undefined;
        throw new AlcoveError('INTERNAL', `could not initialise RDKit.js: ${String(cause)}`, { cause });
      });
  }
  return instance;
}

export type ParseOutcome =
  { readonly ok: true; readonly mol: JSMol } | { readonly ok: false; readonly message: string };

/**
 * Parse SMILES; on failure nothing is left allocated. The caller owns (and must `delete()`) a returned Mol.
 * `detailsJson` is passed to `get_mol` verbatim (stringify it once per batch, not per molecule).
 */
export function parseMol(rdkit: RDKitModule, smiles: string, detailsJson?: string): ParseOutcome {
  if (smiles.trim().length === 0) return { ok: false, message: 'empty SMILES' };
  let mol: JSMol | null;
  try {
    mol = detailsJson === undefined ? rdkit.get_mol(smiles) : rdkit.get_mol(smiles, detailsJson);
  } catch (err) {
    return { ok: false, message: `RDKit failed to parse SMILES: ${String(err)}` };
  }
  if (mol === null) return { ok: false, message: 'RDKit could not parse SMILES' };
  if (!mol.is_valid() || mol.get_num_atoms() === 0) {
    mol.delete();
    return { ok: false, message: 'SMILES has no atoms' };
  }
  return { ok: true, mol };
}

/**
 * Parse `smiles`, run `fn` on the Mol and always delete it. Returns `null` (without calling `fn`) for
 * invalid or 0-atom input. Errors thrown by `fn` propagate after the Mol is freed.
 */
export function withMol<T>(rdkit: RDKitModule, smiles: string, fn: (mol: JSMol) => T, detailsJson?: string): T | null {
  const parsed = parseMol(rdkit, smiles, detailsJson);
  if (!parsed.ok) return null;
  try {
    return fn(parsed.mol);
  } finally {
    parsed.mol.delete();
  }
}

/** RDKit canonical SMILES, or null when the input does not parse. */
export function canonicalSmiles(rdkit: RDKitModule, smiles: string): string | null {
  return withMol(rdkit, smiles, (mol) => mol.get_smiles());
}
