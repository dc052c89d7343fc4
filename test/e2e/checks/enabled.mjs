// Which real-editor checks run in `npm run test:e2e`. A check is listed here once the feature it
// checks works for real; a check not listed is reported as "gated" (skipped), never as passed.
// To try the gated ones too: `E2E_ALL=1 npm run test:e2e` (or `node test/e2e/run.mjs --all`).
// To run some only: `node test/e2e/run.mjs --only tag-completion,link-hover`.
export const enabled = {
  // VS Code (code-server + Chromium), extension loaded from the development path
  vscode: [
    'activation', 'tag-completion', 'related-definition', 'link-hover', 'shortcode-diagnostic', 'quick-fix', 'shortcode-completion', 'preview', 'preview-math', 'preview-code-colours',
    'taxonomy-explorer', 'taxonomy-merge', 'new-post', 'suggest-commands',
    // API level, inside the extension host (test/e2e/exthost/suite.js)
    'api-activation', 'api-completion', 'api-definition', 'api-hover', 'api-diagnostics',
  ],
  // Neovim 0.7.2, `blog-author lsp --stdio` through vim.lsp.start_client
  nvim: ['initialize', 'tag-completion', 'related-definition', 'link-hover', 'shortcode-diagnostic', 'quick-fix', 'shortcode-completion', 'documented-config', 'documented-config-0.11'],
  // VS Code with the packaged .vsix installed by --install-extension
  vsix: ['activation', 'tag-completion'],
};
