#!/usr/bin/env node
// Entry point of the `blog-author` command: the language server (lsp --stdio) and the CLI (check, index, render).
const { existsSync, readFileSync, writeFileSync, renameSync } = require('fs');
const { dirname, join } = require('path');
const cli = join(__dirname, '../dist/server/cli.js');
if (!existsSync(cli)) {
  // A checkout that was never built (e.g. `npm install -g .` right after cloning): say so in one line.
  process.stderr.write(`blog-author: ${cli} is missing: run 'npm run build' in ${join(__dirname, '..')} first\n`);
  process.exit(2);
}
const server = join(__dirname, '../dist/server/server.js');
if (isPlainLspStart(process.argv.slice(2))) {
  // What editors run: the server bundle alone (the CLI's would only hand over to it), with its code cache.
  loadWithCodeCache(server, server + '.cache');
} else {
  if (process.argv[2] === 'lsp') {
    // `lsp` requires the server bundle once the CLI has read its options: that require gets a code cache too.
    const Module = require('module');
    const plain = Module._extensions['.js'];
    Module._extensions['.js'] = function (mod, filename) {
      if (filename !== server) return plain.call(this, mod, filename);
      compileWithCodeCache(mod, filename, filename + '.cache');
    };
  }
  loadWithCodeCache(cli, cli + '.cache');
}

/** `lsp --stdio`, perhaps with `--clientProcessId N` (which the server reads itself): anything else goes through the CLI's option checks and help. */
function isPlainLspStart(args) {
  if (args[0] !== 'lsp' || !args.includes('--stdio')) return false;
  for (let i = 1; i < args.length; i++) {
    if (args[i] === '--stdio' || /^--clientProcessId=\d+$/.test(args[i])) continue;
    if (args[i] === '--clientProcessId' && /^\d+$/.test(args[i + 1] ?? '')) i++;
    else return false;
  }
  return true;
}

/**
 * Loads the CLI bundle as `require` would, with V8's compiled code from `cacheFile` when it was made
 * from this very bundle by this Node.js (the build writes it after a run: scripts/build.mjs), which
 * spares compiling the bundle and the functions a command runs (~40 ms of every command). The cache
 * starts with the SHA-1 of the bundle it was made from: V8 itself only checks the source's length.
 * Without a usable cache (a different Node.js, a rebuilt bundle), the bundle is compiled as usual.
 */
function loadWithCodeCache(file, cacheFile) {
  const Module = require('module');
  const mod = new Module(file, module);
  require.cache[file] = mod;
  compileWithCodeCache(mod, file, cacheFile);
  mod.loaded = true;
}

/** Compiles and runs `file` as the module `mod`, with V8's compiled code from `cacheFile` when it fits (see above). */
function compileWithCodeCache(mod, file, cacheFile) {
  const Module = require('module');
  const vm = require('vm');
  const source = readFileSync(file, 'utf8');
  const hash = require('crypto').createHash('sha1').update(source).digest('hex');
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.toString('latin1', 0, 40) === hash) cachedData = cache.subarray(40);
  } catch {
    /* no cache: compile */
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(dirname(file));
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  if (process.env.BLOG_AUTHOR_WRITE_CODE_CACHE === '1') {
    // After the command ran, so the functions it compiled are in the cache too.
    process.once('exit', () => {
      writeFileSync(cacheFile + '.tmp', Buffer.concat([Buffer.from(hash, 'latin1'), script.createCachedData()]));
      renameSync(cacheFile + '.tmp', cacheFile);
    });
  }
}
