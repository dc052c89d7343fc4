-- Run after Neovim started with `-u docs/editors/neovim.lua` on a post: the documented configuration must start
-- blog-author for the post, and the keys a user presses must work through it:
--   o … Ctrl-X Ctrl-O in the tags: list opens the completion menu with the blog's tags (not HTML completion);
--   K on an internal link opens the hover with the linked post's title (not `man`);
--   gd on a related: entry opens that post.
-- Keys go through nvim_input, so Neovim handles them as typed (mappings, insert mode, the popup menu); the
-- results are read from the screen state (popup menu items, floating windows, the current buffer).
-- Prints "ok documented-config: …" or "FAIL documented-config: …" and exits accordingly.
local f = assert(io.open(os.getenv('BLOG_AUTHOR_E2E_PLAN'), 'r'))
local plan = vim.fn.json_decode(f:read('*a'))
f:close()
for k, v in pairs(plan) do if v == vim.NIL then plan[k] = nil end end

local function done(ok, msg)
  io.stdout:write(('%s documented-config: %s\n'):format(ok and 'ok' or 'FAIL', msg))
  io.stdout:flush()
  for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
  vim.wait(1000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
  vim.cmd(ok and 'qall!' or 'cquit 1')
end

-- Poll `cond` from the event loop (typed keys are only handled between callbacks), then call `next`.
local function poll(cond, timeout, next, on_timeout)
  local t0 = vim.loop.now()
  local function tick()
    local ok, value = pcall(cond)
    if ok and value then return next(value) end
    if vim.loop.now() - t0 > timeout then return on_timeout(ok and nil or value) end
    vim.defer_fn(tick, 50)
  end
  vim.defer_fn(tick, 50)
end

local function press(keys)
  vim.api.nvim_input(keys)
end

local function floating_text()
  for _, w in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(w).relative ~= '' then
      return table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n'), w
    end
  end
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
local post_buf = vim.api.nvim_get_current_buf()
local report = { ('root %s'):format(client.config.root_dir) }

local function step_gd()
  local r = plan.related
  if not r then return done(false, 'fixture post has no related: entry') end
  vim.api.nvim_win_set_cursor(0, { r.line, r.column - 1 })
  press('gd')
  poll(function() return vim.endswith(vim.api.nvim_buf_get_name(0), r.target) end, 10000, function()
    table.insert(report, ('gd on %s opened %s'):format(r.entry, r.target))
    done(true, table.concat(report, '; '))
  end, function()
    done(false, ('gd on %s: the current buffer is %s, not …/%s'):format(r.entry, vim.api.nvim_buf_get_name(0), r.target))
  end)
end

local function step_k()
  local l = plan.link
  if not l then return done(false, 'fixture post has no internal link') end
  vim.api.nvim_win_set_cursor(0, { l.line, l.column - 1 })
  press('K')
  poll(function() local text = floating_text() return text and text:find(l.title, 1, true) and text end, 10000, function(text)
    local _, w = floating_text()
    vim.api.nvim_win_close(w, true)
    table.insert(report, ('K on %s shows a float with "%s" (%d lines)'):format(l.dest, l.title, select(2, text:gsub('\n', '')) + 1))
    step_gd()
  end, function()
    done(false, ('K on %s: no floating window with the title %q; floats: %s; messages: %s'):format(l.dest, l.title, vim.inspect(floating_text()), vim.fn.execute('messages'):sub(-300)))
  end)
end

local function step_completion()
  local t = plan.tags
  if not t then return done(false, 'fixture post has no tags: list') end
  if vim.bo.omnifunc ~= 'v:lua.vim.lsp.omnifunc' then return done(false, ('omnifunc is %q, not the LSP one: Ctrl-X Ctrl-O would not ask the server'):format(vim.bo.omnifunc)) end
  vim.api.nvim_win_set_cursor(0, { t.lastItemLine, 0 })
  -- a new list item below the last tag, typed; Ctrl-U twice clears what autoindent and the list leader put there
  press('o<C-u><C-u>' .. t.indent .. '- <C-x><C-o>')
  poll(function()
    if vim.fn.pumvisible() ~= 1 then return false end
    local items = vim.fn.complete_info({ 'items' }).items
    return #items > 0 and items
  end, 10000, function(items)
    local tags, first = 0, nil
    for _, it in ipairs(items) do
      if plan.tagCounts[it.word] then
        tags = tags + 1
        first = first or it.word
      end
    end
    press('<C-e><Esc>u')
    if tags == 0 then return done(false, ('Ctrl-X Ctrl-O menu holds no tag of the blog: %s'):format(vim.inspect(vim.tbl_map(function(i) return i.word end, items)):sub(1, 300))) end
    poll(function() return vim.fn.mode() == 'n' and vim.api.nvim_buf_get_lines(0, t.lastItemLine, t.lastItemLine + 1, false)[1] ~= t.indent .. '- ' end, 5000, function()
      table.insert(report, ('o…Ctrl-X Ctrl-O: menu with %d tags, first %s'):format(tags, first))
      step_k()
    end, function() done(false, 'could not leave insert mode and undo the new item') end)
  end, function()
    done(false, ('o…Ctrl-X Ctrl-O: no completion menu within 10 s (mode %s, line %q, messages %s)'):format(vim.fn.mode(), vim.api.nvim_get_current_line(), vim.fn.execute('messages'):sub(-300)))
  end)
end

table.insert(report, 'filetype ' .. vim.bo[post_buf].filetype)
step_completion()
