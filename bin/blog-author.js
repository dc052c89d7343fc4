#!/usr/bin/env node
// Entry point of the `blog-author` command: the language server (lsp --stdio) and the CLI (check, index, render).
const { existsSync } = require('fs');
const { join } = require('path');
const cli = join(__dirname, '../dist/server/cli.js');
if (!existsSync(cli)) {
  // A checkout that was never built (e.g. `npm install -g .` right after cloning): say so in one line.
  process.stderr.write(`blog-author: ${cli} is missing: run 'npm run build' in ${join(__dirname, '..')} first\n`);
  process.exit(2);
}
require(cli);
