-- Drives the Stateful Manifests language server with Neovim's built-in LSP client (0.7+), headless:
--   nvim --headless -u NONE -i NONE -c "luafile lsp-check.lua"
-- Inputs (environment): SM_SERVER_CMD  JSON array, the server command (e.g. ["node","dist/server.js","--stdio"])
--                       SM_WORKSPACE   folder opened as the workspace root
--                       SM_FILES       JSON array of paths relative to SM_WORKSPACE to open
--                       SM_HOVERS      JSON array of {file, line, character} (0-based) to hover
--                       SM_NVIM_OUT    where to write the JSON result
-- The result holds the last diagnostics published for each file, the hover texts, and errors.
local json_decode, json_encode = vim.fn.json_decode, vim.fn.json_encode
local cmd = json_decode(os.getenv('SM_SERVER_CMD'))
local root = os.getenv('SM_WORKSPACE')
local files = json_decode(os.getenv('SM_FILES'))
local hovers = json_decode(os.getenv('SM_HOVERS') or '[]')
local out_file = os.getenv('SM_NVIM_OUT')
local timeout_ms = tonumber(os.getenv('SM_NVIM_TIMEOUT_MS') or '30000')

local result = { diagnostics = {}, hovers = {}, errors = {}, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }
local finished = false
local function finish(ok)
  if finished then return end
  finished = true
  result.ok = ok
  local f = assert(io.open(out_file, 'w'))
  f:write(json_encode(result))
  f:close()
  vim.cmd(ok and 'qa!' or 'cq!')
end

local uri_of = {}
for _, rel in ipairs(files) do uri_of[rel] = vim.uri_from_fname(root .. '/' .. rel) end

local function all_published()
  for _, rel in ipairs(files) do if not result.diagnostics[uri_of[rel]] then return false end end
  return true
end

local client_id
local hovers_started = false
local function do_hovers()
  if hovers_started then return end
  hovers_started = true
  local client = vim.lsp.get_client_by_id(client_id)
  local i = 0
  local function next_hover()
    i = i + 1
    local hv = hovers[i]
    if not hv then return finish(#result.errors == 0) end
    local bufnr = vim.fn.bufnr(root .. '/' .. hv.file)
    client.request('textDocument/hover', { textDocument = { uri = uri_of[hv.file] }, position = { line = hv.line, character = hv.character } },
      function(err, res)
        local text = ''
        local herr = err and (tostring(err.code) .. ' ' .. tostring(err.message)) or nil
        local c = res and res.contents
        if type(c) == 'string' then text = c
        elseif type(c) == 'table' and c.value then text = c.value
        elseif type(c) == 'table' then
          for _, part in ipairs(c) do text = text .. (type(part) == 'string' and part or (part.value or '')) .. '\n' end
        end
        table.insert(result.hovers, { file = hv.file, line = hv.line, character = hv.character, text = text, error = herr })
        next_hover()
      end, bufnr)
  end
  next_hover()
end

client_id = vim.lsp.start_client({
  name = 'stateful-manifests',
  cmd = cmd,
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'workspace' } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, params)
      local list = {}
      for _, d in ipairs(params.diagnostics) do
        table.insert(list, { code = d.code, source = d.source, message = d.message, severity = d.severity,
          line = d.range.start.line, character = d.range.start.character,
          endLine = d.range['end'].line, endCharacter = d.range['end'].character })
      end
      result.diagnostics[params.uri] = list
      -- once every file has been analysed, a hover round trip orders us after any pending publish
      if all_published() then do_hovers() end
    end,
  },
  on_exit = function(code, signal)
    if not finished then table.insert(result.errors, 'server exited: code ' .. tostring(code) .. ' signal ' .. tostring(signal)); finish(false) end
  end,
})
if not client_id then table.insert(result.errors, 'could not start the server'); finish(false) end

for _, rel in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. rel))
  vim.bo.filetype = 'yaml'
  vim.lsp.buf_attach_client(0, client_id)
end

vim.defer_fn(function()
  local missing = {}
  for _, rel in ipairs(files) do if not result.diagnostics[uri_of[rel]] then table.insert(missing, rel) end end
  table.insert(result.errors, 'timeout after ' .. timeout_ms .. ' ms; no diagnostics for: ' .. table.concat(missing, ', ') .. '; hovers done: ' .. #result.hovers)
  finish(false)
end, timeout_ms)
