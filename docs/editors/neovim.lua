-- Blog Author in Neovim 0.7 and later: put this in init.lua (or `:luafile` it).
-- Starts `blog-author lsp --stdio` for Markdown files inside a Hugo or Jekyll site, one server per site.
-- Keys in Markdown buffers of the site: Ctrl-X Ctrl-O (or Ctrl-Space) completes, K hovers, gd goes to the
-- definition, gr lists references, gO the outline, <leader>rn renames, <leader>ca quick fixes, [d ]d problems.
-- (Tested by `npm run test:e2e`: the Neovim suite loads this very file with `nvim -u` and presses these keys.)
local markers = {
  'hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json',
  'config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default',
  '_config.yml',
}

-- the nearest folder above the file that holds a site configuration
local function blog_root(file)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  while true do
    for _, m in ipairs(markers) do
      if vim.loop.fs_stat(dir .. '/' .. m) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end

-- The keys, set for the buffers blog-author serves. Neovim 0.7 sets none of them itself: without this, Markdown's
-- filetype plugin leaves HTML completion on Ctrl-X Ctrl-O and K runs `man`.
local function on_attach(client, bufnr)
  local function use_lsp_omnifunc()
    if vim.api.nvim_buf_is_valid(bufnr) then vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc' end
  end
  use_lsp_omnifunc()
  vim.schedule(use_lsp_omnifunc) -- again after the filetype plugin, which may run after us for this buffer
  local function map(mode, lhs, rhs, desc)
    vim.keymap.set(mode, lhs, rhs, { buffer = bufnr, silent = true, desc = 'Blog Author: ' .. desc })
  end
  map('n', 'K', vim.lsp.buf.hover, 'hover (post card, image, shortcode docs)')
  map('n', 'gd', vim.lsp.buf.definition, 'go to the post, image or shortcode template')
  map('n', 'gr', vim.lsp.buf.references, 'posts that link to or relate to this one; posts using a term')
  map('n', 'gO', vim.lsp.buf.document_symbol, 'outline (headings, shortcodes)')
  map('n', '<leader>rn', vim.lsp.buf.rename, 'rename a tag everywhere')
  map({ 'n', 'v' }, '<leader>ca', vim.lsp.buf.code_action, 'quick fixes')
  map('n', '[d', vim.diagnostic.goto_prev, 'previous problem')
  map('n', ']d', vim.diagnostic.goto_next, 'next problem')
  map('n', '<leader>e', vim.diagnostic.open_float, 'the problem under the cursor')
  map('i', '<C-Space>', '<C-x><C-o>', 'completion')
end

local clients = {} -- root → client id (Neovim 0.7 has no vim.lsp.start)

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    local root = blog_root(vim.api.nvim_buf_get_name(args.buf))
    if not root then return end
    local config = { name = 'blog-author', cmd = { 'blog-author', 'lsp', '--stdio' }, root_dir = root, on_attach = on_attach }
    if vim.lsp.start then -- Neovim 0.8+
      vim.lsp.start(config, { bufnr = args.buf })
    else
      clients[root] = clients[root] or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, clients[root])
    end
  end,
})
