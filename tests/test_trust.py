"""Configuration and packs from other users, and options built to hurt: trusted only when they can be.

- config discovery stops at the repository root and the home folder, and skips (with a warning that says
  how to trust it) a config file another user could have written, with the packs it names;
  ``--show-config`` and ``copydesk doctor`` say which config files were used and which were skipped;
- a script-kind ``allowed:`` name or a consistency-kind context cannot splice regex syntax into a pattern;
- packs and configs are read only from regular files within a size cap (/dev/zero, a FIFO, a huge file);
- ``exclude`` and ``per-file-ignores`` globs match in linear time;
- a replacement template, and a fix, cannot grow a text without bound;
- codes, names and LanguageTool values are matched whole: "CD101\\n" is no code.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from linter import check_text, fix_text
from linter.core.config import ConfigError, Settings, find_config_file, read_config_file, resolve
from linter.core.packs import PackError, parse_pack
from linter.core.regular_files import CONFIG_LIMIT, PACK_LIMIT
from tests.conftest import run_main
from tests.test_hostile_packs import run_bounded

NOBODY = 65534
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SIGNED = "He did not sign the deal.\n"

PLANTED_PACK = """\
pack: planted
rules:
  - code: PL001
    name: planted-rule
    kind: term
    message: "'{match}' -> '{replacement}'"
    description: a rule another user planted
    fix: {applicability: safe}
    terms: {"did not sign": "did now sign"}
    examples: {fail: ["He [[did not sign]]."], pass: ["He signed."], fixed: ["He did now sign."]}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The CLI as a user runs it, with a time limit of its own: a hang fails the test, it does not stall it."""
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


# ---------------------------------------------------------------------------------------------
# Config discovery and trust


def plant(tmp_path: Path, how: str) -> tuple[Path, Path]:
    """A shared folder holding a config (and the pack it names) that another user could have written, and an
    article in a folder under it; returns (config, article)."""
    shared = tmp_path / "shared"
    config = write(shared / ".copydesk.yaml", "extend-packs: [planted.yaml]\n")
    pack = write(shared / "planted.yaml", PLANTED_PACK)
    article = write(shared / "desk" / "story.txt", SIGNED)
    if how == "another user's file in a sticky shared folder (/tmp)":
        os.chown(config, NOBODY, NOBODY)
        os.chown(pack, NOBODY, NOBODY)
        shared.chmod(0o1777)
    elif how == "a symlink another user planted in a sticky shared folder":
        real = write(tmp_path / "mine" / "config.yaml", f"extend-packs: [{pack}]\n")
        config.unlink()
        config.symlink_to(real)
        os.lchown(config, NOBODY, NOBODY)
        shared.chmod(0o1777)
    elif how == "my symlink to a file in a world-writable folder without the sticky bit":
        real = write(tmp_path / "open" / "config.yaml", f"extend-packs: [{pack}]\n")
        real.parent.chmod(0o777)
        config.unlink()
        config.symlink_to(real)
    elif how == "my file in a world-writable folder without the sticky bit":
        shared.chmod(0o777)
    elif how == "a config file anyone can write to":
        config.chmod(0o666)
    else:
        raise AssertionError(how)
    return config, article


ROOT_ONLY = pytest.mark.skipif(not AS_ROOT, reason="making a file another user's needs root")
PLANTS = [
    pytest.param("another user's file in a sticky shared folder (/tmp)", marks=ROOT_ONLY),
    pytest.param("a symlink another user planted in a sticky shared folder", marks=ROOT_ONLY),
    "my symlink to a file in a world-writable folder without the sticky bit",
    "my file in a world-writable folder without the sticky bit",
    "a config file anyone can write to",
]


@pytest.mark.parametrize("how", PLANTS)
def test_a_config_another_user_could_have_written_is_skipped_with_its_packs_and_a_warning(tmp_path: Path, how: str):
    config, article = plant(tmp_path, how)
    checked = run("check", article.name, cwd=article.parent)
    assert "PL001" not in checked.stdout and checked.returncode == 0, checked.stdout + checked.stderr
    [warning] = checked.stderr.splitlines()
    assert warning.startswith(f"copydesk: warning: skipped config file {config}: ")
    assert f"--config {config}" in warning and "COPYDESK_TRUSTED_CONFIG" in warning
    fixed = run("fix", article.name, cwd=article.parent)
    assert fixed.returncode == 0 and article.read_text(encoding="utf-8") == SIGNED  # "did not" stays "did not"


@pytest.mark.parametrize("how", PLANTS)
def test_a_skipped_config_is_used_when_the_user_trusts_it(tmp_path: Path, how: str):
    config, article = plant(tmp_path, how)
    named = run("check", "--config", str(config), article.name, cwd=article.parent)
    assert "PL001" in named.stdout and named.returncode == 1 and named.stderr == "", named.stderr
    trusted = run("check", article.name, cwd=article.parent, env={"COPYDESK_TRUSTED_CONFIG": str(config.parent)})
    assert "PL001" in trusted.stdout and trusted.returncode == 1 and trusted.stderr == "", trusted.stderr


@pytest.mark.parametrize("how", PLANTS[3:])
def test_show_config_and_doctor_say_which_config_is_used_and_which_is_skipped_and_why(tmp_path: Path, how: str):
    config, article = plant(tmp_path, how)
    shown = run("check", "--show-config", ".", cwd=article.parent)
    assert shown.returncode == 0, shown.stderr
    assert "discovered: none" in shown.stdout
    [skipped] = [line for line in shown.stdout.splitlines() if "skipped:" in line]
    assert str(config) in skipped and "other users can write" in skipped
    doctor = run("doctor", cwd=article.parent)
    assert f"skipped:     {config}: other users can write" in doctor.stdout
    config.parent.chmod(0o755)
    config.chmod(0o644)
    shown = run("check", "--show-config", article.name, cwd=article.parent)
    assert f"discovered: {config}" in shown.stdout and "skipped" not in shown.stdout
    assert f"extra pack: {config.parent / 'planted.yaml'}" in shown.stdout


def test_discovery_stops_at_the_repository_root(tmp_path: Path):
    write(tmp_path / ".copydesk.yaml", "ignore: [CD101]\n")  # mine and safe, but above the repository
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    article = write(repo / "news" / "a.txt", "The embassy in Kiev closed.\n")
    assert "CD101" in run_main("check", str(article)).out
    write(repo / ".copydesk.yaml", "ignore: [CD101]\n")  # the repository's own config is found
    find_config_file.cache_clear()
    assert "CD101" not in run_main("check", str(article)).out


def test_discovery_stops_at_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path / ".copydesk.yaml", "ignore: [CD101]\n")
    home = tmp_path / "home"
    article = write(home / "notes" / "a.txt", "The embassy in Kiev closed.\n")
    monkeypatch.setenv("HOME", str(home))
    assert "CD101" in run_main("check", str(article)).out
    write(home / ".copydesk.yaml", "ignore: [CD101]\n")
    find_config_file.cache_clear()
    assert "CD101" not in run_main("check", str(article)).out


def test_a_config_file_swapped_after_it_was_judged_is_not_read(tmp_path: Path):
    config = write(tmp_path / ".copydesk.yaml", "ignore: [CD101]\n")
    st_ = config.stat()
    assert read_config_file(config, expect=(st_.st_dev, st_.st_ino)) == {"ignore": ["CD101"]}
    with pytest.raises(ConfigError, match="replaced while it was being read"):
        read_config_file(config, expect=(st_.st_dev, st_.st_ino + 1))


# ---------------------------------------------------------------------------------------------
# Option text is never regex syntax


def script_pack(**options: object) -> str:
    rule = {"code": "XS001", "name": "foreign-residue", "kind": "script", "check": "foreign-script",
            "message": "{script} text", "description": "residue", **options,
            "examples": {"fail": ["A [[слово]] here."], "pass": ["Plain."]}}
    return yaml.safe_dump({"pack": "scripts", "rules": [rule]}, allow_unicode=True)


def test_a_script_name_that_is_regex_syntax_is_refused_when_the_pack_loads(tmp_path: Path):
    hostile = "Latin}](?:(?:a|aa)+)+$b{0"
    with pytest.raises(PackError, match=r"key 'allowed': unknown script 'Latin\}\]"):
        parse_pack(script_pack(allowed=[hostile]), "scripts.yaml")
    pack = write(tmp_path / "scripts.yaml", script_pack(allowed=[hostile]))
    article = write(tmp_path / "a.txt", "Word ж" + "a" * 40 + "!\n")  # the injected (a|aa)+ backtracks here
    result = run("check", "--isolated", "--extend-packs", str(pack), "--select", "XS001", str(article),
                 cwd=tmp_path, timeout=60)  # it hung before: the injected group ran with no timeout
    assert result.returncode == 2 and "unknown script" in result.stderr and "Traceback" not in result.stderr


def test_real_script_names_still_work(tmp_path: Path):
    pack = write(tmp_path / "scripts.yaml", script_pack(allowed=["Cyrillic"]))
    config = Settings(select=("XS001",), extend_packs=(str(pack),))
    assert check_text("A слово and 漢字 here.", config=config)[0].message == "CJK text"
    assert len(check_text("A слово and 漢字 here.", config=config)) == 1


@pytest.mark.parametrize("context, problem", [
    (r"(?=(\s))\1", "refers to a group by number"),  # \1 would name the variant's group once spliced
    (r"(?P<word>\s)", "a group named 'word'"),
])
def test_a_consistency_context_cannot_take_the_place_of_the_variant_groups(context: str, problem: str):
    rule = {"code": "XC001", "name": "two-spellings", "kind": "consistency", "message": "m", "description": "d",
            "variants": [["US", "U.S."]], "after": context,
            "examples": {"fail": ["[[US]] and U.S. "], "pass": ["US and US "]}}
    with pytest.raises(PackError, match=problem):
        parse_pack(yaml.safe_dump({"pack": "c", "rules": [rule]}), "c.yaml")


# ---------------------------------------------------------------------------------------------
# Packs and configs: regular files within a size cap


def test_a_pack_at_dev_zero_is_a_clear_error_not_a_read_until_memory_runs_out(tmp_path: Path):
    article = write(tmp_path / "a.txt", SIGNED)
    result = run_bounded("check", "--isolated", "--extend-packs", "/dev/zero", str(article), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == "copydesk: error: /dev/zero: cannot read rule pack: a character device, " \
                            "not a regular file\n"


def test_a_pack_or_config_that_is_a_fifo_does_not_hang(tmp_path: Path):
    write(tmp_path / "a.txt", SIGNED)
    os.mkfifo(tmp_path / "pack.yaml")
    result = run("check", "--isolated", "--extend-packs", "pack.yaml", "a.txt", cwd=tmp_path, timeout=30)
    assert result.returncode == 2 and "cannot read rule pack: a FIFO (named pipe), not a regular file" in result.stderr
    os.mkfifo(tmp_path / "config.yaml")
    result = run("check", "--config", "config.yaml", "a.txt", cwd=tmp_path, timeout=30)
    assert result.returncode == 2 and "config.yaml: is a FIFO (named pipe), not a config file" in result.stderr
    os.mkfifo(tmp_path / ".copydesk.yaml")  # found by discovery: skipped, with a warning
    result = run("check", "--show-config", "a.txt", cwd=tmp_path, timeout=30)
    assert "a FIFO (named pipe), not a regular file" in result.stdout
    os.mkfifo(tmp_path / "sub")  # nothing else is a config file here: the walk must not block on the FIFO
    (tmp_path / ".copydesk.yaml").unlink()
    os.mkfifo(tmp_path / "pyproject.toml")
    assert run("check", "a.txt", cwd=tmp_path, timeout=30).returncode == 0


def test_config_at_dev_zero_says_what_it_is():
    result = run_main("check", "--config", "/dev/zero", "README.md")
    assert result.code == 2 and result.err == "copydesk: error: /dev/zero: is a character device, not a config file\n"


def test_packs_and_configs_past_their_size_caps_are_clear_errors(tmp_path: Path):
    article = write(tmp_path / "a.txt", SIGNED)
    pack = tmp_path / "huge.yaml"
    with pack.open("wb") as handle:
        handle.truncate(PACK_LIMIT + 1)  # sparse: no disk used
    result = run_bounded("check", "--isolated", "--extend-packs", str(pack), str(article), cwd=tmp_path)
    assert result.returncode == 2 and f"{pack}: rule pack is larger than 16 MiB" in result.stderr
    config = write(tmp_path / "big.yaml", "# a comment\n" * (CONFIG_LIMIT // 12 + 1))
    result = run_bounded("check", "--config", str(config), str(article), cwd=tmp_path)
    assert result.returncode == 2 and f"{config}: config file is larger than 1 MiB" in result.stderr


# ---------------------------------------------------------------------------------------------
# Globs


PATHOLOGICAL_GLOB = "*a" * 12 + "*b"


@pytest.mark.parametrize("key", ["exclude", "per-file-ignores"])
def test_a_pathological_glob_against_a_long_name_finishes_and_means_what_it_says(tmp_path: Path, key: str):
    long_name = "a" * 200 + ".txt"
    write(tmp_path / "articles" / long_name, "The embassy in Kiev closed.\n")
    glob = {"exclude": f"exclude: ['{PATHOLOGICAL_GLOB}']\n",
            "per-file-ignores": f"per-file-ignores: {{'{PATHOLOGICAL_GLOB}': [CD101]}}\n"}[key]
    write(tmp_path / ".copydesk.yaml", glob)
    result = run("check", "articles", cwd=tmp_path, timeout=120)  # minutes before, per file: a hang fails here
    assert "CD101" in result.stdout, result.stdout + result.stderr  # the glob does not match: the file is linted


GLOB_PARTS = st.sampled_from(["a", "b", ".", "/", "*", "**", "?", "[ab]", "[!a]", "!", "\\*", "x/"])
PATH_PARTS = st.sampled_from(["a", "b", "ab", ".md", "x", "*"])


@given(st.lists(GLOB_PARTS, min_size=1, max_size=6).map("".join),
       st.lists(st.lists(PATH_PARTS, min_size=1, max_size=3).map("".join), min_size=1, max_size=4).map("/".join))
def test_globs_mean_what_pathspec_says_they_mean(glob: str, path: str):
    from linter.core import globs

    try:
        expected = pathspec.GitIgnoreSpec.from_lines([glob], backend="simple").match_file(path)
    except Exception:  # not a glob pathspec takes
        return
    assert globs.Glob(glob).matches(path) == expected


def test_without_re2_a_slow_glob_is_a_clear_error_and_others_match_as_before(monkeypatch: pytest.MonkeyPatch):
    from linter.core import globs

    monkeypatch.setattr(globs, "has_re2", lambda: False)
    assert globs.Glob("drafts/**").matches("drafts/2024/a.md") and not globs.Glob("*.md").matches("a.txt")
    with pytest.raises(ConfigError, match=r"key 'exclude': the glob '\*a\*a.*took over 0.5 s"):
        globs.Glob(PATHOLOGICAL_GLOB, "exclude").matches("a" * 3000)


# ---------------------------------------------------------------------------------------------
# Growth


def template_pack(template: str, pattern: str = r"\w+") -> str:
    rule = {"code": "XG001", "name": "grows", "kind": "pattern", "pattern": pattern, "replacement": template,
            "message": "m", "description": "d", "fix": {"applicability": "safe"},
            "examples": {"fail": ["[[word]]"], "pass": ["."], "fixed": ["x"]}}
    return yaml.safe_dump({"pack": "grow", "rules": [rule]})


def test_a_template_of_twenty_thousand_references_is_refused_when_the_pack_loads(tmp_path: Path):
    with pytest.raises(PackError, match="at most 10 group references"):
        parse_pack(template_pack(r"\g<0>" * 20_000), "grow.yaml")
    pack = write(tmp_path / "grow.yaml", template_pack(r"\g<0>" * 20_000))
    article = write(tmp_path / "a.txt", "word " * 20_000)  # 100 KB: 3.9 GB at its peak before
    result = run_bounded("fix", "--isolated", "--extend-packs", str(pack), "--select", "XG001", str(article),
                         cwd=tmp_path)
    assert result.returncode == 2 and "at most 10 group references" in result.stderr


def test_a_fix_longer_than_the_cap_is_not_offered_and_the_finding_stays(tmp_path: Path):
    book = "x" * 5_000
    pack = write(tmp_path / "grow.yaml", yaml.safe_dump({"pack": "grow", "rules": [{
        "code": "XG002", "name": "a-book", "kind": "term", "terms": {"sign": book}, "message": "m",
        "description": "d", "fix": {"applicability": "safe"},
        "examples": {"fail": ["[[sign]]"], "pass": ["."], "fixed": ["ok"]}}]}))
    config = Settings(select=("XG002",), extend_packs=(str(pack),))
    [found] = check_text(SIGNED, config=config)
    assert found.fix is None and found.suggestions == ()
    assert fix_text(SIGNED, config=config).text == SIGNED
    # within the cap (10 times the span plus 1,000 characters), the same rule fixes
    within = write(tmp_path / "within.yaml", pack.read_text(encoding="utf-8").replace(book, "y" * 1_000))
    config = Settings(select=("XG002",), extend_packs=(str(within),))
    assert fix_text(SIGNED, config=config).text == SIGNED.replace("sign", "y" * 1_000)


def test_a_template_that_copies_the_context_into_a_small_span_is_held_to_the_cap(tmp_path: Path):
    """The rule flags one letter (group 1) and its template copies the whole match after it."""
    pack = write(tmp_path / "grow.yaml", template_pack(r"\g<0>\g<0>", pattern=r"(?s)(w).+"))
    pack.write_text(pack.read_text(encoding="utf-8").replace("pattern:", "group: 1\n  pattern:"), encoding="utf-8")
    config = Settings(select=("XG001",), extend_packs=(str(pack),))
    short = "word " * 100  # 500 characters: the letter becomes 501, within 10 x 1 + 1,000
    [found] = check_text(short, config=config)
    assert found.fix is not None and len(found.suggestions[0]) == len(short) + 1
    long = "word " * 1_000  # 5,000: past the cap; the finding stays, without a fix
    [found] = check_text(long, config=config)
    assert found.fix is None and found.suggestions == ()
    assert fix_text(long, config=config).text == long


# ---------------------------------------------------------------------------------------------
# Whole-value matching


@pytest.mark.parametrize("key, value", [("code", "CD101\n"), ("name", "a-name\n")])
def test_a_code_or_name_with_a_final_newline_is_refused(key: str, value: str):
    rule = {"code": "XX901", "name": "a-name", "kind": "term", "terms": {"a": "b"}, "message": "m",
            "description": "d", "examples": {"fail": ["[[a]]"], "pass": ["c"]}, key: value}
    with pytest.raises(PackError, match=f"key '{key}'"):
        parse_pack(yaml.safe_dump({"pack": "p", "rules": [rule]}), "p.yaml")


@pytest.mark.parametrize("key, value", [("language", "en-US\n"), ("url", "http://localhost:8081\n"),
                                        ("disabled-rules", ["EN_A_VS_AN\n"])])
def test_languagetool_values_with_a_final_newline_are_refused(tmp_path: Path, key: str, value: object):
    config = write(tmp_path / "c.yaml", yaml.safe_dump({"languagetool": {key: value}}))
    with pytest.raises(ConfigError, match=f"languagetool.{key}"):
        resolve(tmp_path, config, discover=False)
