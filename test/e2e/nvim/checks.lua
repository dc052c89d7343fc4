-- Neovim (0.7.2) as a second, independent LSP client for `blog-author lsp --stdio`.
-- Run by test/e2e/nvim.mjs:  nvim --headless -n -i NONE -u NONE -c "luafile checks.lua"
-- It reads its plan (server command, fixture copy, positions, expected answers, enabled checks) from the
-- JSON file named by $BLOG_AUTHOR_E2E_PLAN and prints one line per check:
--   "ok <name>: <detail>" | "FAIL <name>: <why>" | "skip <name>: gated"
-- then exits 0 if nothing failed, 1 otherwise.

local function readfile(p)
  local f = assert(io.open(p, 'r'))
  local s = f:read('*a')
  f:close()
  return s
end

local plan = vim.fn.json_decode(readfile(os.getenv('BLOG_AUTHOR_E2E_PLAN')))
for k, v in pairs(plan) do if v == vim.NIL then plan[k] = nil end end -- JSON null → nil
local out = {}
local failed = 0

local function emit(line)
  table.insert(out, line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function finish()
  local f = io.open(plan.result_file, 'w')
  if f then
    f:write(table.concat(out, '\n') .. '\n')
    f:close()
  end
  vim.cmd(failed > 0 and 'cquit 1' or 'qall!')
end

local enabled = {}
for _, n in ipairs(plan.enabled) do enabled[n] = true end

-- start the server ----------------------------------------------------------------------------
local init_result = nil
local server_messages = {}
local raw_diagnostics = {} -- uri → the diagnostics as the server sent them (with their data, for code actions)
local client_id = vim.lsp.start_client({
  name = 'blog-author',
  cmd = plan.cmd,
  root_dir = plan.root,
  on_init = function(client, result)
    init_result = result
  end,
  handlers = {
    ['window/showMessage'] = function(_, result)
      table.insert(server_messages, result and result.message or '')
    end,
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      if result then raw_diagnostics[result.uri] = result.diagnostics end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not client_id then
  emit('FAIL initialize: vim.lsp.start_client returned nil')
  failed = failed + 1
  finish()
  return
end

vim.cmd('edit ' .. vim.fn.fnameescape(plan.post))
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'markdown'
vim.lsp.buf_attach_client(bufnr, client_id)
local uri = vim.uri_from_bufnr(bufnr)

vim.wait(15000, function() return init_result ~= nil end, 50)
local client = vim.lsp.get_client_by_id(client_id)

local function request(method, params, timeout)
  local res, err = client.request_sync(method, params, timeout or 10000, bufnr)
  if not res then return nil, err or 'no response' end
  if res.err then return nil, (res.err.message or vim.inspect(res.err)):gsub('%s+', ' ') end
  return res.result
end

local function pos(line1, col1)
  -- plan positions are 1-based line/column over ASCII text; LSP wants 0-based
  return { textDocument = { uri = uri }, position = { line = line1 - 1, character = col1 - 1 } }
end

local function text_of(x)
  if x == nil then return '' end
  if type(x) == 'string' then return x end
  if type(x) == 'table' then
    if x.value then return x.value end
    local parts = {}
    for _, v in ipairs(x) do table.insert(parts, text_of(v)) end
    return table.concat(parts, '\n')
  end
  return tostring(x)
end

-- the checks ----------------------------------------------------------------------------------
local checks = {}
local order = {}
local function check(name, fn)
  table.insert(order, name)
  checks[name] = fn
end

check('initialize', function()
  if not init_result then return false, 'no initialize result within 15 s' end
  local caps = init_result.capabilities or {}
  local have = {}
  for _, k in ipairs({ 'completionProvider', 'definitionProvider', 'hoverProvider', 'textDocumentSync' }) do
    if caps[k] then table.insert(have, k) end
  end
  local info = init_result.serverInfo and (init_result.serverInfo.name .. ' ' .. (init_result.serverInfo.version or '')) or 'no serverInfo'
  if not caps.textDocumentSync then return false, 'server announces no textDocumentSync' end
  return true, info .. '; ' .. table.concat(have, ', ')
end)

check('tag-completion', function()
  local t = plan.tags
  if not t then return false, 'fixture post has no YAML tags: list' end
  -- add a new, empty list item after the last tag, as a user would type it
  vim.api.nvim_buf_set_lines(bufnr, t.lastItemLine, t.lastItemLine, false, { t.indent .. '- ' })
  local result, err = request('textDocument/completion', pos(t.lastItemLine + 1, #t.indent + 3))
  vim.api.nvim_buf_set_lines(bufnr, t.lastItemLine, t.lastItemLine + 1, false, {})
  if not result then return false, 'completion failed: ' .. tostring(err) end
  local items = result.items or result
  if #items == 0 then return false, 'no completion items' end
  local sorted = {}
  for _, it in ipairs(items) do table.insert(sorted, it) end
  table.sort(sorted, function(a, b) return (a.sortText or a.label) < (b.sortText or b.label) end)
  local prev = math.huge
  local prev_similar = true
  local shown = {}
  local ntags = 0
  for _, it in ipairs(sorted) do
    local count = plan.tagCounts[it.label]
    if count then
      ntags = ntags + 1
      local extra = (it.detail or '') .. ' ' .. text_of(it.documentation) .. ' ' ..
        ((it.labelDetails and ((it.labelDetails.detail or '') .. ' ' .. (it.labelDetails.description or ''))) or '')
      if not extra:find('%f[%d]' .. count .. '%f[%D]') then
        return false, ('item %q does not carry its count %d (detail %q)'):format(it.label, count, extra)
      end
      -- tags of the most similar posts come first (marked "similar"), the rest by count
      local similar = extra:find('similar') ~= nil
      if similar and not prev_similar then return false, ('item %q from similar posts after tags ranked by use'):format(it.label) end
      if not similar and not prev_similar and count > prev then return false, ('items not ranked by count: %q (%d) after one with %d'):format(it.label, count, prev) end
      prev_similar = similar
      prev = count
      if #shown < 3 then table.insert(shown, ('%s (%d)'):format(it.label, count)) end
    end
  end
  if ntags == 0 then return false, 'no completion item is an existing tag: first is ' .. vim.inspect(sorted[1].label) end
  return true, ('%d tag items, first %s'):format(ntags, table.concat(shown, ', '))
end)

check('related-definition', function()
  local r = plan.related
  if not r then return false, 'fixture post has no related: entry' end
  local result, err = request('textDocument/definition', pos(r.line, r.column))
  if not result then return false, 'definition failed: ' .. tostring(err) end
  if result.uri or result.targetUri then result = { result } end
  if #result == 0 then return false, 'no definition for ' .. r.entry end
  local target = result[1].uri or result[1].targetUri
  if not vim.endswith(vim.uri_to_fname(target), r.target) then
    return false, ('definition of %s is %s, expected …/%s'):format(r.entry, target, r.target)
  end
  return true, r.entry .. ' → ' .. r.target
end)

check('link-hover', function()
  local l = plan.link
  if not l then return false, 'fixture post has no internal link' end
  local result, err = request('textDocument/hover', pos(l.line, l.column))
  if not result then return false, 'no hover: ' .. tostring(err) end
  local text = text_of(result.contents)
  if not text:find(l.title, 1, true) then
    return false, ('hover on %s is %q, not the title %q'):format(l.dest, text:sub(1, 200), l.title)
  end
  return true, l.dest .. ' → "' .. l.title .. '"'
end)

check('shortcode-diagnostic', function()
  local function ours()
    local found = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:lower():find('shortcode') or d.message:lower():find('highlight') then table.insert(found, d) end
    end
    return found
  end
  vim.wait(1500, function() return false end, 100) -- let the diagnostics of the unchanged post arrive
  if #ours() > 0 then return false, 'the unchanged post already has shortcode diagnostics: ' .. ours()[1].message end
  local n = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, n, n, false, { '', '{{< highlight go >}}', 'fmt.Println("never closed")' })
  local ok = vim.wait(15000, function() return #ours() > 0 end, 100)
  vim.api.nvim_buf_set_lines(bufnr, n, n + 3, false, {})
  if not ok then
    local all = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(all, d.message) end
    return false, 'no shortcode diagnostic within 15 s; diagnostics: ' .. vim.inspect(all)
  end
  local d = ours()[1]
  return true, ('line %d: %s'):format(d.lnum + 1, d.message)
end)

check('quick-fix', function()
  local q = plan.quickfix
  if not q then return false, 'no related: entry of the fixture is a small typo of a post name' end
  vim.cmd('edit ' .. vim.fn.fnameescape(q.file))
  local qb = vim.api.nvim_get_current_buf()
  vim.bo[qb].filetype = 'markdown'
  vim.lsp.buf_attach_client(qb, client_id)
  local quri = vim.uri_from_bufnr(qb)
  local function ours()
    for _, d in ipairs(raw_diagnostics[quri] or {}) do
      if d.message:find("No post named '" .. q.entry .. "'", 1, true) then return d end
    end
  end
  local function back()
    vim.cmd('edit!') -- drop the fix: the file on disk is unchanged
    vim.cmd('buffer ' .. bufnr)
  end
  if not vim.wait(15000, function() return ours() ~= nil end, 100) then
    back()
    return false, ('no diagnostic "No post named \'%s\'" within 15 s; got %s'):format(q.entry, vim.inspect(raw_diagnostics[quri]))
  end
  local d = ours()
  local want_msg = ("No post named '%s'. Did you mean '%s'"):format(q.entry, q.nearest)
  if not d.message:find(want_msg, 1, true) then
    back()
    return false, ('diagnostic is %q, expected it to say %q'):format(d.message, want_msg .. "'?")
  end
  local res, err = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = quri },
    range = d.range,
    context = { diagnostics = { d }, only = { 'quickfix' } },
  }, 10000, qb)
  if not res or res.err then
    back()
    return false, 'codeAction failed: ' .. tostring(err or (res and vim.inspect(res.err)))
  end
  local title = ("Change to '%s'"):format(q.nearest)
  local action, titles = nil, {}
  for _, a in ipairs(res.result or {}) do
    table.insert(titles, a.title)
    if a.title == title then action = a end
  end
  if not action then
    back()
    return false, ('no code action %q; got %s'):format(title, vim.inspect(titles))
  end
  if not action.edit then
    back()
    return false, ('code action %q carries no edit (would need a resolve or a command)'):format(title)
  end
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
  local line = vim.api.nvim_buf_get_lines(qb, q.line - 1, q.line, false)[1]
  if line ~= q.fixed then
    back()
    return false, ('after applying %q line %d is %q, expected %q'):format(title, q.line, tostring(line), q.fixed)
  end
  local gone = vim.wait(15000, function() return ours() == nil end, 100)
  back()
  if not gone then return false, 'the diagnostic stays after the fix: ' .. ours().message end
  return true, ('%s → %q by %q (actions: %s); diagnostic gone'):format(q.entry, q.fixed, title, table.concat(titles, ' | '))
end)

check('shortcode-completion', function()
  local n = vim.api.nvim_buf_line_count(bufnr)
  vim.api.nvim_buf_set_lines(bufnr, n, n, false, { '', '{{< ' })
  local result, err = request('textDocument/completion', pos(n + 2, 5))
  vim.api.nvim_buf_set_lines(bufnr, n, n + 2, false, {})
  if not result then return false, 'completion failed: ' .. tostring(err) end
  local items = result.items or result
  local by_label = {}
  local labels = {}
  for _, it in ipairs(items) do
    by_label[it.label] = it
    table.insert(labels, it.label)
  end
  local want = {}
  for _, name in ipairs(plan.shortcodes.builtin) do table.insert(want, name) end
  for _, name in ipairs(plan.shortcodes.site) do table.insert(want, name) end
  for _, name in ipairs(want) do
    local it = by_label[name]
    if not it then return false, ('no completion item %q after "{{< "; items: %s'):format(name, table.concat(labels, ', ')) end
    local text = (it.textEdit and it.textEdit.newText) or it.insertText or it.label
    if not text:find(name, 1, true) then return false, ('item %q inserts %q'):format(name, text) end
  end
  local site = plan.shortcodes.site[1]
  local it = by_label[site]
  return true, ('%d items after "{{< " incl. %s; %s (%s) inserts %q'):format(#items, table.concat(want, ', '), site, it.detail or '', (it.textEdit and it.textEdit.newText) or it.insertText or it.label)
end)

-- run -----------------------------------------------------------------------------------------
for _, name in ipairs(order) do
  if enabled[name] then
    local ok, res, detail = pcall(checks[name])
    if not ok then
      failed = failed + 1
      emit(('FAIL %s: error %s'):format(name, tostring(res)))
    elseif res then
      emit(('ok %s: %s'):format(name, detail or ''))
    else
      failed = failed + 1
      emit(('FAIL %s: %s'):format(name, detail or ''))
    end
  else
    emit(('skip %s: gated'):format(name))
  end
end

client.stop()
vim.wait(2000, function() return client.is_stopped() end, 50)
finish()
