#!/usr/bin/env node
// Entry point of the `blog-author` command: the language server (lsp --stdio) and the CLI (check, index, render).
require('../dist/server/cli.js');
