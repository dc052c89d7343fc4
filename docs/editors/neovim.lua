-- Blog Author in Neovim 0.7 and later: put this in init.lua (or `:luafile` it).
-- Starts `blog-author lsp --stdio` for Markdown files inside a Hugo or Jekyll site, one server per site.
-- (Tested by `npm run test:e2e`: the Neovim suite loads this very file with `nvim -u`.)
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

local clients = {} -- root → client id (Neovim 0.7 has no vim.lsp.start)

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'markdown',
  callback = function(args)
    local root = blog_root(vim.api.nvim_buf_get_name(args.buf))
    if not root then return end
    local config = { name = 'blog-author', cmd = { 'blog-author', 'lsp', '--stdio' }, root_dir = root }
    if vim.lsp.start then -- Neovim 0.8+
      vim.lsp.start(config, { bufnr = args.buf })
    else
      clients[root] = clients[root] or vim.lsp.start_client(config)
      vim.lsp.buf_attach_client(args.buf, clients[root])
    end
  end,
})
