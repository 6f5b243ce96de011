"""docs/editors.md's Neovim set-up, run as written in a headless Neovim (Debian's 0.7.2 in CI, `.ci/run` installs it):
open an article, wait for copydesk's diagnostics, apply the fix-all code action with the documented mapping, save,
and check the file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

NVIM = shutil.which("nvim")
pytestmark = pytest.mark.skipif(NVIM is None, reason="needs Neovim (`apt-get install neovim`; .ci/run installs it)")

ARTICLE = 'He visited Kiev.\n\nThe the mayor spoke.\n\nThe paper "Kiev Times" said so.\n'
FIXED = 'He visited Kyiv.\n\nThe mayor spoke.\n\nThe paper "Kiev Times" said so.\n'

# What a user does by hand, in Lua: wait for the diagnostics, write them down, fix all with the mapping, save.
DRIVER = r"""
local log = assert(io.open(os.getenv("COPYDESK_NVIM_LOG"), "w"))
local buf = vim.api.nvim_get_current_buf()
local published = vim.wait(60000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
log:write("nvim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "\n")
for _, d in ipairs(vim.diagnostic.get(buf)) do
  log:write(string.format("diagnostic %d:%d %s\n", d.lnum + 1, d.col + 1, d.message))
end
if not published then
  log:write("no diagnostics\n")
  log:close()
  vim.cmd("cquit 3")
end
vim.cmd("normal \\cf")
vim.cmd("write")
log:write("saved\n")
log:close()
vim.cmd("qall!")
"""


def _init_lua() -> str:
    """The Lua block of docs/editors.md's Neovim section, as a user copies it into init.lua."""
    doc = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = doc.split("## Neovim\n", 1)[1].split("\n## ", 1)[0]
    [block] = re.findall(r"```lua\n(.*?)```", section, re.S)
    return block


def test_the_documented_neovim_set_up_lints_and_fixes_an_article(tmp_path: Path):
    (tmp_path / "init.lua").write_text(_init_lua(), encoding="utf-8")
    (tmp_path / "driver.lua").write_text(DRIVER, encoding="utf-8")
    (tmp_path / ".copydesk.yaml").write_text("select: [CD101, CD201]\n", encoding="utf-8")
    article = tmp_path / "article.md"
    article.write_text(ARTICLE, encoding="utf-8")
    log = tmp_path / "nvim.log"
    env = {**os.environ, "COPYDESK_NVIM_LOG": str(log), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}  # `copydesk` itself
    proc = subprocess.run([NVIM, "--headless", "-n", "-i", "NONE", "-u", str(tmp_path / "init.lua"),
                           "-c", f"luafile {tmp_path / 'driver.lua'}", str(article)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    written = log.read_text(encoding="utf-8") if log.exists() else ""
    assert proc.returncode == 0 and written.endswith("saved\n"), (proc.returncode, written, proc.stdout, proc.stderr)
    diagnostics = [line for line in written.splitlines() if line.startswith("diagnostic ")]
    assert "diagnostic 1:12 'Kiev' is the outdated, Russian-derived spelling; use 'Kyiv'" in diagnostics, written
    assert any(line.startswith("diagnostic 3:1 'The' is written twice") for line in diagnostics), written
    assert any("(inside a quotation: not changed)" in line for line in diagnostics), written
    assert article.read_text(encoding="utf-8") == FIXED
