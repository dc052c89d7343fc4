-- Run after Neovim started with `-u docs/editors/neovim.lua` on a post: the documented configuration must
-- start blog-author for the post and answer a completion in its tags: list.
-- Prints "ok documented-config: …" or "FAIL documented-config: …" and exits accordingly.
local f = assert(io.open(os.getenv('BLOG_AUTHOR_E2E_PLAN'), 'r'))
local plan = vim.fn.json_decode(f:read('*a'))
f:close()

local function done(ok, msg)
  io.stdout:write(('%s documented-config: %s\n'):format(ok and 'ok' or 'FAIL', msg))
  io.stdout:flush()
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do c.stop() end
  vim.wait(1000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

local client
local attached = vim.wait(15000, function()
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    if c.name == 'blog-author' and c.server_capabilities and next(c.server_capabilities) then client = c return true end
  end
  return false
end, 50)
if not attached then return done(false, 'no blog-author client attached to ' .. vim.api.nvim_buf_get_name(0) .. ' (filetype ' .. vim.bo.filetype .. ')') end
if vim.fn.resolve(client.config.root_dir) ~= vim.fn.resolve(plan.root) then
  return done(false, ('root_dir is %s, expected %s'):format(client.config.root_dir, plan.root))
end
local t = plan.tags
vim.api.nvim_buf_set_lines(0, t.lastItemLine, t.lastItemLine, false, { t.indent .. '- ' })
vim.wait(500, function() return false end, 50) -- let the (debounced) didChange go out
local res = client.request_sync('textDocument/completion', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = t.lastItemLine, character = #t.indent + 2 },
}, 10000, 0)
if not res or res.err then return done(false, 'completion failed: ' .. vim.inspect(res and res.err)) end
local items = res.result and (res.result.items or res.result) or {}
local tags = 0
for _, it in ipairs(items) do if plan.tagCounts[it.label] then tags = tags + 1 end end
if tags == 0 then return done(false, ('no tag among %d completion items'):format(#items)) end
done(true, ('filetype %s, root %s, %d tag completions'):format(vim.bo.filetype, client.config.root_dir, tags))
