/**
 * RDKit.js's WebAssembly, compiled once per thread that asks, and posted to the worker threads that load
 * RDKit. A compiled module crosses to a worker without being compiled again: the worker only instantiates
 * it, instead of every thread reading the 7 MB file and compiling it again (bench/README.md, "Featurization
 * and start-up"). The bytes and the imports are Emscripten's own, so the molecules and fingerprints are the
 * same.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A compiled WebAssembly module, opaque here (the project's TypeScript libs declare no WebAssembly types). */
export interface CompiledWasm {
  readonly compiledWasm: unique symbol;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => CompiledWasm;
  Instance: new (module: CompiledWasm, imports: object) => object;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A compiled module as it arrives in a worker's `workerData` (structured clone keeps its class). */
export function isCompiledWasm(value: unknown): value is CompiledWasm {
  return value instanceof wasm.Module;
}

let compiled: CompiledWasm | null | undefined;

/** The compiled module (memoised), or null when the file cannot be read or compiled (the loader then tries). */
export function compiledRdkitWasm(): CompiledWasm | null {
  if (compiled === undefined) {
    try {
      const file = createRequire(import.meta.url).resolve('@rdkit/rdkit/RDKit_minimal.wasm');
      compiled = new wasm.Module(readFileSync(file));
    } catch {
      // Not fatal: Emscripten's loader reads and compiles the file itself, and reports its own error.
      compiled = null;
    }
  }
  return compiled;
}

/**
 * Emscripten's `instantiateWasm` hook over a compiled module: instantiate it, no compilation. Synchronous,
 * so that a failure throws inside Emscripten's promise and rejects the load (an asynchronous one would
 * leave the load waiting for a callback that never comes).
 */
export function instantiateFrom(module: CompiledWasm): (imports: object, done: (instance: object) => void) => object {
  return (imports, done) => {
    done(new wasm.Instance(module, imports));
    return {};
  };
}
