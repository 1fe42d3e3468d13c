/**
 * Random edits for the fuzz suite: byte edits (flip, set, delete, insert, repeat, truncate) for files, and
 * value edits (set, delete, add a key) at a random path of parsed data, with hostile values.
 */
import fc from 'fast-check';

/** A position as a fraction of the length, so that one edit fits any input. */
const at = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

export type ByteEdit =
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set'; readonly at: number; readonly value: number }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'repeat'; readonly at: number; readonly length: number; readonly times: number }
  | { readonly kind: 'truncate'; readonly at: number };

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at, value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 600 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at,
    length: fc.integer({ min: 1, max: 64 }),
    times: fc.integer({ min: 2, max: 50 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
);

export const byteEdits = fc.array(byteEdit, { minLength: 1, maxLength: 6 });

export function applyByteEdits(input: Uint8Array, edits: readonly ByteEdit[]): Buffer {
  let buf = Buffer.from(input);
  for (const e of edits) {
    const i = Math.floor(e.at * buf.length);
    switch (e.kind) {
      case 'flip':
        if (buf.length > 0) buf[i] = (buf[i] ?? 0) ^ (1 << e.bit);
        break;
      case 'set':
        if (buf.length > 0) buf[i] = e.value;
        break;
      case 'delete':
        buf = Buffer.concat([buf.subarray(0, i), buf.subarray(i + e.length)]);
        break;
      case 'insert':
        buf = Buffer.concat([buf.subarray(0, i), e.bytes, buf.subarray(i)]);
        break;
      case 'repeat': {
        const piece = buf.subarray(i, i + e.length);
        buf = Buffer.concat([buf.subarray(0, i), ...Array.from({ length: e.times }, () => piece), buf.subarray(i)]);
        break;
      }
      case 'truncate':
        buf = buf.subarray(0, i);
        break;
    }
  }
  return buf;
}

/** Values that break assumptions: wrong types, huge and tiny numbers, special strings, big containers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 2, 5e-324, 1e21, -0),
  fc.constantFrom('', ' ', 'NaN', '.inf', '-.inf', '1e309', 'Infinity', '__proto__', 'constructor', '\u0000', '\u202e'),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 500, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i) => i)),
);

export type ValueEdit =
  | { readonly kind: 'set'; readonly path: readonly number[]; readonly value: unknown }
  | { readonly kind: 'delete'; readonly path: readonly number[] }
  | { readonly kind: 'add'; readonly path: readonly number[]; readonly key: string; readonly value: unknown };

const editPath = fc.array(fc.nat(), { minLength: 1, maxLength: 5 });

export const valueEdit: fc.Arbitrary<ValueEdit> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: editPath, value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), path: editPath }),
  fc.record({
    kind: fc.constant('add' as const),
    path: editPath,
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('unknown_key', '__proto__', 'constructor', '')),
    value: hostileValue,
  }),
);

export const valueEdits = fc.array(valueEdit, { minLength: 1, maxLength: 4 });

type Container = Record<string, unknown> | unknown[];

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** A deep copy of plain data (JSON-safe values only), edited. */
export function applyValueEdits(root: unknown, edits: readonly ValueEdit[]): unknown {
  let data: unknown = structuredClone(root);
  for (const e of edits) data = applyValueEdit(data, e);
  return data;
}

function applyValueEdit(root: unknown, edit: ValueEdit): unknown {
  if (!isContainer(root)) return edit.kind === 'set' ? edit.value : root;
  // Walk down the path, choosing among a container's keys by index modulo their number.
  let parent: Container = root;
  let key: string | number | undefined;
  for (let s = 0; s < edit.path.length; s++) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    key = keys[(edit.path[s] ?? 0) % keys.length];
    const child: unknown = (parent as Record<string | number, unknown>)[key as string | number];
    if (s === edit.path.length - 1 || !isContainer(child)) break;
    parent = child;
    key = undefined;
  }
  if (edit.kind === 'add') {
    if (!Array.isArray(parent))
      Object.defineProperty(parent, edit.key, {
        value: edit.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else parent.push(edit.value);
    return root;
  }
  if (key === undefined) return root;
  if (edit.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else Reflect.deleteProperty(parent, key);
  } else {
    (parent as Record<string | number, unknown>)[key] = edit.value;
  }
  return root;
}
