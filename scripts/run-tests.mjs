// Runs node's test runner over test/<suite>/**/*.test.ts (Node 20 has no glob support in --test).
import { spawnSync } from 'child_process';
import { readdirSync, statSync } from 'fs';
import { join } from 'path';

const suites = process.argv.slice(2);
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith('.test.ts')) files.push(p);
  }
};
for (const suite of suites) walk(join('test', suite));
if (!files.length) {
  console.error(`no test files in ${suites.join(', ')}`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', ...files.sort()];
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
