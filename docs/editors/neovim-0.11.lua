-- Blog Author in Neovim 0.11 and later, with the built-in LSP configuration API (init.lua).
-- Neovim 0.11 sets the LSP omnifunc (Ctrl-X Ctrl-O) and K (hover) itself, and maps grn (rename), gra (code action),
-- grr (references) and gO (outline); gd is not mapped by default: add it in an LspAttach autocmd if you want it.
-- For Neovim 0.7–0.10 use docs/editors/neovim.lua instead.
-- (Checked by `npm run test:e2e`, Neovim suite, check `documented-config-0.11`: Neovim's LuaJIT compiles and runs
-- this file and the configuration it registers is compared with neovim.lua's; the real 0.11 API is used when the
-- installed Neovim has it, else a stand-in that records the calls; Debian 12 ships Neovim 0.7.2.)
vim.lsp.config('blog_author', {
  cmd = { 'blog-author', 'lsp', '--stdio' },
  filetypes = { 'markdown' },
  root_markers = {
    'hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json',
    'config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default',
    '_config.yml',
  },
})
vim.lsp.enable('blog_author')
