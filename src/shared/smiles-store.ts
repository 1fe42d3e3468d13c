/**
 * Many short strings kept compactly: one UTF-8 buffer and one offset per string, instead of millions of
 * JS strings (each a heap object of 30+ bytes plus its characters; a 2M-molecule pool held as a string
 * array costs several hundred MB and slows every garbage collection).
 *
 * The strings are stored joined by '\n' (they are SMILES or ids: never a line break), so the sha256 of
 * the buffer is the sha256 of `strings.join('\n')`: the feature cache's key is unchanged by the packing.
 */
import { createHash } from 'node:crypto';

/**
 * What readers of a pool's SMILES or ids need: a length and the i-th string (undefined outside
 * [0, length)). A plain string array is one, a SmilesStore another.
 */
export interface StringColumn {
  readonly length: number;
  at(i: number): string | undefined;
}

const NL = 10;
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export class SmilesStore implements StringColumn {
  /** `bytes[offsets[i], offsets[i + 1] - 1)` is string i; the byte before each next start is '\n'. */
  /** Use `SmilesStore.from` or a builder; the arrays are owned by the store. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Uint32Array,
    readonly length: number,
  ) {}

  static from(strings: Iterable<string>): SmilesStore {
    const builder = createSmilesStoreBuilder();
    for (const s of strings) builder.push(s);
    return builder.build();
  }

  at(i: number): string | undefined {
    return i >= 0 && i < this.length ? this.get(i) : undefined;
  }

  /** String i; '' outside [0, length). */
  get(i: number): string {
    if (!(i >= 0 && i < this.length)) return '';
    const start = this.offsets[i] as number;
    const end = (this.offsets[i + 1] as number) - 1;
    return decoder.decode(this.bytes.subarray(start, end));
  }

  /** Strings [start, end) as an array: one featurize task's molecules. */
  slice(start: number, end: number): string[] {
    const out: string[] = [];
    const to = Math.min(end, this.length);
    for (let i = Math.max(0, start); i < to; i++) out.push(this.get(i));
    return out;
  }

  /** The strings at `indices`, in that order, as a new store (a subsample). */
  pick(indices: ArrayLike<number>): SmilesStore {
    const builder = createSmilesStoreBuilder();
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] as number;
      const start = this.offsets[i] as number;
      builder.pushBytes(this.bytes.subarray(start, (this.offsets[i + 1] as number) - 1));
    }
    return builder.build();
  }

  /** Whether strings i and j are equal, without decoding either. */
  equalAt(i: number, j: number): boolean {
    const a = this.offsets[i] as number;
    const b = this.offsets[j] as number;
    const la = (this.offsets[i + 1] as number) - a;
    if (la !== (this.offsets[j + 1] as number) - b) return false;
    for (let k = 0; k < la; k++) if (this.bytes[a + k] !== this.bytes[b + k]) return false;
    return true;
  }

  /** A 32-bit FNV-1a hash of string i's bytes (for deduplication tables). */
  hashAt(i: number): number {
    return fnv1a(this.bytes, this.offsets[i] as number, (this.offsets[i + 1] as number) - 1);
  }

  /** sha256 of `strings.join('\n')`. */
  sha256(): string {
    const end = this.length === 0 ? 0 : (this.offsets[this.length] as number) - 1;
    return createHash('sha256').update(this.bytes.subarray(0, end)).digest('hex');
  }

  /** Bytes held (buffer and offsets), for measurements. */
  get byteLength(): number {
    return this.bytes.byteLength + this.offsets.byteLength;
  }

  *[Symbol.iterator](): IterableIterator<string> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

export function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ (bytes[k] as number), 0x01000193);
  return h >>> 0;
}

export interface SmilesStoreBuilder {
  readonly length: number;
  push(s: string): void;
  pushBytes(b: Uint8Array): void;
  /** Drops the last string pushed (a duplicate found after pushing). */
  pop(): void;
  /** As the store's `hashAt` and `equalAt`, over the strings pushed so far. */
  hashAt(i: number): number;
  equalAt(i: number, j: number): boolean;
  /** A store over the strings pushed so far (shares nothing with later pushes). */
  view(): SmilesStore;
  build(): SmilesStore;
}

/** Grows by doubling; `build` trims to size. */
export function createSmilesStoreBuilder(): SmilesStoreBuilder {
  let bytes = new Uint8Array(1 << 16);
  let offsets = new Uint32Array(1 << 12);
  let used = 0;
  let n = 0;
  const reserve = (extra: number): void => {
    if (used + extra > bytes.length) {
      let size = bytes.length * 2;
      while (size < used + extra) size *= 2;
      const next = new Uint8Array(size);
      next.set(bytes.subarray(0, used));
      bytes = next;
    }
    if (n + 2 > offsets.length) {
      const next = new Uint32Array(offsets.length * 2);
      next.set(offsets);
      offsets = next;
    }
  };
  const close = (): void => {
    bytes[used++] = NL;
    n++;
    offsets[n] = used;
  };
  const make = (copy: boolean): SmilesStore => {
    const b = copy ? bytes.slice(0, used) : bytes.subarray(0, used);
    const o = copy ? offsets.slice(0, n + 1) : offsets.subarray(0, n + 1);
    return new SmilesStore(b, o, n);
  };
  return {
    get length() {
      return n;
    },
    push(s) {
      // A UTF-8 character is at most 3 bytes per UTF-16 code unit.
      reserve(s.length * 3 + 1);
      used += encoder.encodeInto(s, bytes.subarray(used)).written;
      close();
    },
    pushBytes(b) {
      reserve(b.length + 1);
      bytes.set(b, used);
      used += b.length;
      close();
    },
    pop() {
      if (n === 0) return;
      n--;
      used = offsets[n] as number;
    },
    hashAt: (i) => fnv1a(bytes, offsets[i] as number, (offsets[i + 1] as number) - 1),
    equalAt(i, j) {
      const a = offsets[i] as number;
      const b = offsets[j] as number;
      const la = (offsets[i + 1] as number) - a;
      if (la !== (offsets[j + 1] as number) - b) return false;
      for (let k = 0; k < la; k++) if (bytes[a + k] !== bytes[b + k]) return false;
      return true;
    },
    view: () => make(false),
    build: () => make(true),
  };
}

/** Every string of a column, as an array (small pools, tests, exports of a few rows). */
export function columnToArray(column: StringColumn): string[] {
  return Array.from({ length: column.length }, (_, i) => column.at(i) ?? '');
}
