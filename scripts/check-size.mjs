// Size check for src: the line span of every function-like node and the line count of every file.
// Over the hard limits (functions 100 lines, files 350) it lists the offenders and exits 1; over the
// soft limits (80, 300) it prints warnings. Hot loops that are long on purpose are listed in EXEMPT.
//   node scripts/check-size.mjs [root]   (root defaults to src)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import console from 'node:console';
import process from 'node:process';
import ts from 'typescript';

const LIMITS = {
  function: { warn: 80, fail: 100 },
  file: { warn: 300, fail: 350 },
};

/** `path:name` of functions allowed to be long: the engines' hot loops, kept in one piece for speed. */
const EXEMPT = new Set([
  'src/engines/forest/grow-bit-tree.ts:growBitTree',
  'src/engines/forest/grow-dense-tree.ts:growDenseTree',
]);

const root = process.argv[2] ?? 'src';

/** Every .ts file under `dir`, sorted, so that the output is stable. */
function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** A readable name for a function-like node: its own name, or the variable, property or call it sits in. */
function nameOf(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return ts.isIdentifier(parent.name) ? parent.name.text : parent.name.getText();
  }
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

/** The line spans of every function-like node of one file. */
function measureFunctions(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const spans = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      spans.push({ name: nameOf(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return spans;
}

const failures = [];
const warnings = [];

/** Files a finding under failures or warnings by the limits of its kind. */
function judge(kind, where, lines) {
  const limit = LIMITS[kind];
  const line = `${kind} ${where}: ${lines} lines`;
  if (lines > limit.fail) failures.push(`${line} (limit ${limit.fail})`);
  else if (lines > limit.warn) warnings.push(`${line} (over ${limit.warn})`);
}

for (const path of listSources(root)) {
  const file = relative(process.cwd(), path).split('\\').join('/');
  const text = readFileSync(path, 'utf8');
  judge('file', file, text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
  for (const span of measureFunctions(file, text)) {
    if (EXEMPT.has(`${file}:${span.name}`)) continue;
    judge('function', `${file}:${span.line} ${span.name}`, span.lines);
  }
}

for (const warning of warnings) console.log(`warning: ${warning}`);
for (const failure of failures) console.log(`error: ${failure}`);
console.log(`check-size: ${failures.length} over the hard limits, ${warnings.length} warning(s)`);
process.exitCode = failures.length > 0 ? 1 : 0;
