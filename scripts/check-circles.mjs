// Fails when the sources import in a circle (type-only imports count: they tie the modules' designs).
// Reads every relative import of client/src, server/src and shared, and finds the strongly connected
// components of the import graph (Tarjan). Run by `npm test` and by test/unit/imports.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const ROOTS = ['client/src', 'server/src', 'shared'];

export function importGraph(base = process.cwd()) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
    }
  };
  for (const r of ROOTS) if (existsSync(join(base, r))) walk(join(base, r));
  const graph = new Map();
  const spec = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]|(?:^|[\s;(])import\s*\(?\s*['"](\.[^'"]+)['"]|require\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (const file of files) {
    const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const deps = new Set();
    for (const m of text.matchAll(spec)) {
      const target = resolveImport(dirname(file), m[1] ?? m[2] ?? m[3]);
      if (target) deps.add(target);
    }
    graph.set(file, deps);
  }
  return { files, graph, base };
}

function resolveImport(from, specifier) {
  const p = resolve(from, specifier);
  for (const c of [p, p + '.ts', p + '.mts', p + '.mjs', join(p, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return relative(process.cwd(), c) === '' ? c : c;
  return undefined;
}

export function circles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, graph } = importGraph();
  const found = circles(graph);
  const rel = (f) => relative(process.cwd(), f);
  if (found.length) {
    for (const c of found) console.error(`import circle: ${c.map(rel).join(' <-> ')}`);
    process.exit(1);
  }
  console.log(`no import circles in ${files.length} files`);
}
