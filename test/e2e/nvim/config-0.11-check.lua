-- Run by the Neovim suite (check documented-config-0.11) with `nvim --headless -u NONE`: Neovim's own LuaJIT
-- compiles docs/editors/neovim-0.11.lua (a syntax error fails here), then runs it. On Neovim 0.11+ the real
-- vim.lsp.config / vim.lsp.enable take the calls; on older versions (Debian 12 has 0.7.2) a stand-in with the
-- same call shape records them. Writes {version, real_api, config, enabled} as JSON to BLOG_AUTHOR_E2E_RESULT.
local snippet = os.getenv('BLOG_AUTHOR_NVIM_011_CONFIG')
local out = assert(io.open(os.getenv('BLOG_AUTHOR_E2E_RESULT'), 'w'))
local function finish(result)
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qall!')
end

local chunk, err = loadfile(snippet)
if not chunk then return finish({ error = 'does not compile: ' .. tostring(err) }) end

local v = vim.version()
local real_api = vim.fn.has('nvim-0.11') == 1
local recorded, enabled = {}, {}
if not real_api then
  -- vim.lsp.config is callable (name, config) and indexable (name → config) in 0.11; vim.lsp.enable(name | names)
  vim.lsp.config = setmetatable({}, {
    __call = function(_, name, config)
      assert(type(name) == 'string' and type(config) == 'table', 'vim.lsp.config(name, config)')
      recorded[name] = vim.tbl_deep_extend('force', recorded[name] or {}, config)
    end,
    __index = function(_, name) return recorded[name] end,
  })
  vim.lsp.enable = function(names)
    for _, n in ipairs(type(names) == 'table' and names or { names }) do enabled[#enabled + 1] = n end
  end
end

local ok, run_err = pcall(chunk)
if not ok then return finish({ error = 'fails when run: ' .. tostring(run_err) }) end
local config = vim.lsp.config['blog_author']
if real_api then
  for name in pairs(vim.lsp._enabled_configs or {}) do enabled[#enabled + 1] = name end
end
finish({
  version = ('%d.%d.%d'):format(v.major, v.minor, v.patch),
  real_api = real_api,
  config = config and { cmd = config.cmd, filetypes = config.filetypes, root_markers = config.root_markers } or vim.NIL,
  enabled = enabled,
})
