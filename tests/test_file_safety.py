"""Files under attack: symlinks out of the tree and in loops, permissions, files that cannot be written back,
two `copydesk fix` runs and a user editing the same tree at once, and a 50 MB article.

Tests run as root here, where permission bits do not stop a write: "cannot write" is made real with
``chattr +i`` (skipped where the filesystem has no immutable flag), names at the length limit and a bind
mount; only the plain read-only mode of a non-root user is simulated in-process (``os.access`` patched).
Races with other writers use real second processes; a hook inside ``write_atomic`` only picks the moment.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import linter.io.writing as writing
from linter.io.reading import ArticleError, read_article
from linter.io.writing import TEMP_SUFFIX, write_atomic
from tests.conftest import ROOT, run_main

KIEV = "The embassy in Kiev closed.\n"
KYIV = "The embassy in Kyiv closed.\n"
MAKE_CORPUS = ROOT / "bench" / "make_corpus.py"
HANG = 60  # seconds: a run that takes this long on a handful of files has hung


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A real `copydesk` process; a hang fails the test instead of stalling the suite."""
    proc = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=HANG)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    return proc


def temp_files(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*")
            if p.name.endswith((TEMP_SUFFIX, ".tmp"))]


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i``: not even root may change or replace the file (or add names to the folder)."""
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True) if shutil.which("chattr") else None
    if done is None or done.returncode != 0:
        pytest.skip("chattr +i is not available here (no chattr, no CAP_LINUX_IMMUTABLE, or a filesystem without it)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


# --- symlinks ---------------------------------------------------------------------------------

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tmp/articles (what the user fixes) beside tmp/elsewhere (what must not change)."""
    articles, elsewhere = tmp_path / "articles", tmp_path / "elsewhere"
    articles.mkdir()
    elsewhere.mkdir()
    (articles / "real.txt").write_text(KIEV)
    (elsewhere / "secret.txt").write_text(KIEV)
    (elsewhere / "shared").mkdir()
    (elsewhere / "shared" / "wire.txt").write_text(KIEV)
    return articles


def test_fix_never_writes_through_a_symlink_to_a_file_outside_the_folder(tree: Path):
    secret = tree.parent / "elsewhere" / "secret.txt"
    (tree / "leak.txt").symlink_to(secret)
    (tree / "wire").symlink_to(tree.parent / "elsewhere" / "shared")  # a folder link out of the tree
    result = cli("fix", str(tree), cwd=tree.parent)
    assert result.returncode == 1
    assert (f"{tree}/leak.txt: error: a symlink to {secret.resolve()}, outside the paths given; "
            "not fixed (name that file itself to fix it)") in result.stdout
    assert f"{tree}/wire/wire.txt: error: a symlink to {secret.parent.resolve()}/shared/wire.txt" in result.stdout
    assert secret.read_text() == KIEV and (secret.parent / "shared" / "wire.txt").read_text() == KIEV
    assert (tree / "real.txt").read_text() == KYIV  # the rest of the run goes on
    # --diff and --dry-run say the same and write nothing; `check` only reads, so it follows the link
    assert f"{tree}/leak.txt: error: a symlink to" in cli("fix", "--diff", str(tree), cwd=tree.parent).stderr
    assert f"{tree}/leak.txt: error: a symlink to" in cli("fix", "--dry-run", str(tree), cwd=tree.parent).stdout
    checked = cli("check", str(tree), cwd=tree.parent)
    assert f"{tree}/leak.txt:1:16: CD101" in checked.stdout and "outside" not in checked.stdout
    assert secret.read_text() == KIEV


def test_the_same_rule_holds_for_globs(tree: Path):
    secret = tree.parent / "elsewhere" / "secret.txt"
    (tree / "leak.txt").symlink_to(secret)
    result = cli("fix", str(tree / "*.txt"), cwd=tree.parent)
    assert result.returncode == 1 and f"{tree}/leak.txt: error: a symlink to" in result.stdout
    assert secret.read_text() == KIEV and (tree / "real.txt").read_text() == KYIV


def test_a_symlink_named_on_the_command_line_is_fixed_through(tree: Path):
    secret = tree.parent / "elsewhere" / "secret.txt"
    (tree / "leak.txt").symlink_to(secret)
    result = cli("fix", str(tree / "leak.txt"), cwd=tree.parent)
    assert result.returncode == 0, result.stdout
    assert secret.read_text() == KYIV and (tree / "leak.txt").is_symlink()
    # naming the outside file next to the folder makes it a root too; reached twice, it is fixed once
    secret.write_text(KIEV)
    result = cli("fix", str(tree), str(secret), cwd=tree.parent)
    assert result.returncode == 0, result.stdout
    assert secret.read_text() == KYIV and (tree / "real.txt").read_text() == KYIV
    assert "2 files changed, 2 fixes applied" in result.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_reached_by_links_and_by_its_own_name_is_fixed_once(tree: Path, jobs: str):
    (tree / "alias.txt").symlink_to("real.txt")
    (tree / "sub").mkdir()
    (tree / "sub" / "again.txt").symlink_to("../real.txt")
    (tree / "sub" / "same").symlink_to("..")  # a folder link back into the tree
    result = cli("fix", "--no-cache", "--jobs", jobs, str(tree), str(tree / "alias.txt"), str(tree / "real.txt"),
                 cwd=tree.parent)
    assert result.returncode == 0, result.stdout
    assert "1 file changed, 1 fix applied" in result.stdout and "changed on disk" not in result.stdout
    assert (tree / "real.txt").read_text() == KYIV
    assert (tree / "alias.txt").is_symlink() and (tree / "sub" / "again.txt").is_symlink()
    # reported once, under the file's own name rather than a link's
    (tree / "real.txt").write_text(KIEV)
    checked = cli("check", "--no-cache", str(tree), cwd=tree.parent)
    assert checked.stdout.count("CD101") == 1 and f"{tree}/real.txt:1:16: CD101" in checked.stdout


def test_symlink_loops_neither_hang_nor_crash(tree: Path):
    (tree.parent / "above.txt").write_text(KIEV)  # beside the folder: a link to the parent must not reach it
    (tree / "sub").mkdir()
    (tree / "sub" / "up").symlink_to("..")
    (tree / "up").symlink_to("..")
    (tree / "root").symlink_to("/")
    (tree / "a.txt").symlink_to("b.txt")
    (tree / "b.txt").symlink_to("a.txt")
    (tree / "self.txt").symlink_to("self.txt")
    (tree / "dangling.txt").symlink_to("nowhere.txt")
    for command in ("check", "fix"):
        # --exclude makes every candidate's real path be looked up: that used to raise on a loop
        result = cli(command, "--no-cache", "--exclude", "*.md", str(tree), cwd=tree.parent)
        assert result.returncode == 1
        for name in ("a.txt", "b.txt", "self.txt"):
            assert f"{tree}/{name}: error: symlink loop (the link leads back to itself); skipped" in result.stdout
        assert f"{tree}/dangling.txt: error: broken symlink (to nowhere.txt, which does not exist); skipped" \
            in result.stdout
        assert "above.txt" not in result.stdout and "/up/" not in result.stdout and "/root/" not in result.stdout
    assert (tree / "real.txt").read_text() == KYIV
    assert (tree.parent / "above.txt").read_text() == KIEV


# --- permissions and files that cannot be written back --------------------------------------------

@pytest.mark.parametrize("mode", [0o644, 0o600, 0o755, 0o2755, 0o4750, 0o1640])
def test_fix_keeps_mode_owner_and_group(tmp_path: Path, mode: int):
    folder = tmp_path / "desk"
    folder.mkdir()
    os.chmod(folder, 0o2775)  # a setgid folder: new files take its group, so the group must be set back
    article = folder / "a.txt"
    article.write_text(KIEV)
    os.chown(article, 1234, 2345)  # as root: an owner and a group other than the runner's
    os.chmod(article, mode)  # after chown, which clears setuid and setgid
    result = cli("fix", str(article), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    st = article.stat()
    assert article.read_text() == KYIV
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (mode, 1234, 2345)
    assert temp_files(tmp_path) == []


def test_an_immutable_file_is_refused_and_left_as_it_was(tmp_path: Path):
    locked, free = tmp_path / "locked.txt", tmp_path / "free.txt"
    locked.write_text(KIEV)
    free.write_text(KIEV)
    with immutable(locked):
        result = cli("fix", str(tmp_path), cwd=tmp_path)
        assert locked.read_text() == KIEV
    assert result.returncode == 1
    assert f"{locked}: error: read-only (no permission to write it); not written" in result.stdout
    assert free.read_text() == KYIV
    assert temp_files(tmp_path) == []


def test_a_folder_where_nothing_can_be_renamed_is_refused(tmp_path: Path):
    folder = tmp_path / "frozen"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(KIEV)
    with immutable(folder):  # the file itself is writable; the rename into the folder is not
        result = cli("fix", str(folder), cwd=tmp_path)
        assert article.read_text() == KIEV
        assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    assert result.returncode == 1
    assert f"{article}: error: cannot replace the file: Operation not permitted; not written" in result.stdout
    assert temp_files(tmp_path) == []


def test_names_at_the_length_limit(tmp_path: Path):
    longest = tmp_path / ("Kyiv-" * 50 + "news.txt")  # 258 > 255 bytes would be refused by the OS itself
    longest = tmp_path / (longest.name[:251] + ".txt")
    longest.write_text(KIEV)
    other = tmp_path / "other.txt"
    other.write_text(KIEV)
    # the temporary file's name must still fit: this used to fail with "File name too long"
    assert cli("fix", str(longest), cwd=tmp_path).returncode == 0
    assert longest.read_text() == KYIV
    # a backup name past the limit: a clear error, the article untouched, the run goes on
    longest.write_text(KIEV)
    result = cli("fix", "--backup", ".orig", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{longest}: error: cannot write the backup {longest}.orig: File name too long; not fixed" \
        in result.stdout
    assert longest.read_text() == KIEV and other.read_text() == KYIV and (tmp_path / "other.txt.orig").exists()
    assert temp_files(tmp_path) == []


def test_articles_on_another_mount_of_the_same_disk_are_fixed(tmp_path: Path):
    # The temporary file is staged in .copydesk_cache/tmp when that is on the article's device. A bind mount
    # is the same device, yet no rename crosses it (EXDEV): the file is then staged beside the article.
    source, mounted = tmp_path / "source", tmp_path / "mounted"
    source.mkdir()
    mounted.mkdir()
    if subprocess.run(["mount", "--bind", str(source), str(mounted)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here (needs root and CAP_SYS_ADMIN)")
    try:
        article = mounted / "a.txt"
        article.write_text(KIEV)
        result = cli("fix", str(article), cwd=tmp_path)
        assert result.returncode == 0, result.stdout
        assert article.read_text() == KYIV and sorted(p.name for p in mounted.iterdir()) == ["a.txt"]
    finally:
        subprocess.run(["umount", str(mounted)], check=True)
    assert temp_files(tmp_path) == []


def test_a_read_only_file_of_a_non_root_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # In-process only: root ignores mode bits, so os.access answers as it would for the file's non-root owner.
    article = tmp_path / "a.txt"
    article.write_text(KIEV)
    article.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(writing.os, "access", lambda p, m, **kw: False if str(p) == str(article) and m == os.W_OK
                        else real_access(p, m, **kw))
    result = run_main("fix", "--no-cache", str(article))
    assert result.code == 1
    assert f"{article}: error: read-only (no permission to write it); not written" in result.out
    assert article.read_text() == KIEV and stat.S_IMODE(article.stat().st_mode) == 0o444


def test_a_read_only_file_is_refused_even_for_root(tmp_path: Path):
    # Root may write any file, and a 0444 article was rewritten: the mode bits are the owner's intent.
    for mode in (0o444, 0o400, 0o555):
        article = tmp_path / f"a{mode:o}.txt"
        article.write_text(KIEV)
        article.chmod(mode)
    result = cli("fix", "--no-cache", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    for mode in (0o444, 0o400, 0o555):
        article = tmp_path / f"a{mode:o}.txt"
        assert f"{article}: error: read-only (no permission to write it); not written" in result.stdout
        assert article.read_text() == KIEV and stat.S_IMODE(article.stat().st_mode) == mode
    assert temp_files(tmp_path) == []


# --- hard links and backups ----------------------------------------------------------------------

def test_hard_links_are_linted_once_and_never_split(tmp_path: Path):
    # Both names were fixed, each by a rename: the link became two files, each fixed on its own.
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(KIEV)
    os.link(first, second)
    checked = cli("check", "--no-cache", str(tmp_path), cwd=tmp_path)
    assert checked.stdout.count("CD101") == 1  # one file, whatever its names
    result = cli("fix", "--no-cache", str(tmp_path), str(second), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{first}: error: has 2 hard links: a fix would split them, the other names keeping the old text; " \
           "not written (copy the file to break the link, then fix it)" in result.stdout
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert first.read_text() == second.read_text() == KIEV
    assert temp_files(tmp_path) == []


def test_a_backup_never_replaces_an_existing_file(tmp_path: Path):
    article, notes = tmp_path / "story.md", tmp_path / "story.md.orig"
    article.write_text(KIEV)
    notes.write_text("My own notes, not a copy of the story.\n")
    result = cli("fix", "--no-cache", "--backup", ".orig", str(article), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{article}: error: the backup {notes} already exists; not fixed (move it away, or choose another " \
           "--backup suffix)" in result.stdout
    assert notes.read_text() == "My own notes, not a copy of the story.\n" and article.read_text() == KIEV
    # a backup that already holds exactly the original is no loss: the file is fixed
    notes.write_text(KIEV)
    assert cli("fix", "--no-cache", "--backup", ".orig", str(article), cwd=tmp_path).returncode == 0
    assert article.read_text() == KYIV and notes.read_text() == KIEV
    assert temp_files(tmp_path) == []


def test_a_backup_is_removed_when_its_file_could_not_be_fixed(tmp_path: Path):
    # else the next run, after the user made the file writable, would refuse it for its own stale backup
    article = tmp_path / "a.txt"
    article.write_text(KIEV)
    article.chmod(0o444)
    result = cli("fix", "--no-cache", "--backup", ".orig", str(article), cwd=tmp_path)
    assert "read-only" in result.stdout and not (tmp_path / "a.txt.orig").exists()
    article.chmod(0o640)
    assert cli("fix", "--no-cache", "--backup", ".orig", str(article), cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.txt.orig").read_text() == KIEV
    assert stat.S_IMODE((tmp_path / "a.txt.orig").stat().st_mode) == 0o640  # as private as the original


def test_backups_are_neither_linted_nor_backed_up_again(tmp_path: Path):
    desk = tmp_path / "desk"
    desk.mkdir()
    article = desk / "b.md"
    article.write_text(KIEV)
    assert cli("fix", "--no-cache", "--backup", ".orig", str(desk), cwd=tmp_path).returncode == 0
    article.write_text(KYIV + "Staff left kyiv.\n")  # the editor goes on; so does copydesk
    for names in ([str(desk)], [str(desk / "*")], [str(desk / "b.md"), str(desk / "b.md.orig")]):  # the last: a
        result = cli("fix", "--no-cache", "--backup", ".orig", *names, cwd=tmp_path)  # shell's glob
        assert f"{desk}/b.md.orig:" not in result.stdout, result.stdout  # neither linted nor fixed
        assert f"{desk}/b.md: error: the backup {desk}/b.md.orig already exists" in result.stdout
    assert sorted(p.name for p in desk.iterdir()) == ["b.md", "b.md.orig"]
    assert (desk / "b.md.orig").read_text() == KIEV


# --- files that are not regular, and text that is not UTF-8 ----------------------------------------

def test_fifos_devices_and_sockets_are_refused_without_hanging(tmp_path: Path):
    # open() on a FIFO with no writer blocks for ever; /dev/zero never ends
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "a.txt").write_text(KIEV)
    os.mkfifo(desk / "pipe.txt")
    import socket

    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(desk / "sock.txt"))
        for command in ("check", "fix"):
            result = cli(command, "--no-cache", str(desk), str(desk / "pipe.txt"), "/dev/zero", cwd=tmp_path)
            assert result.returncode == 1
            assert f"{desk}/pipe.txt: error: a FIFO (named pipe), not a regular file; skipped" in result.stdout
            assert f"{desk}/sock.txt: error: a socket, not a regular file; skipped" in result.stdout
            assert "/dev/zero: error: a character device, not a regular file; skipped" in result.stdout
            assert result.stdout.count("pipe.txt") == 1
    assert (desk / "a.txt").read_text() == KYIV and stat.S_ISFIFO(os.lstat(desk / "pipe.txt").st_mode)


@pytest.mark.parametrize(("encoding", "bom"), [("utf-16", True), ("utf-16-le", False), ("utf-16-be", False),
                                               ("utf-32", True)])
def test_utf16_and_utf32_files_are_named_as_such(tmp_path: Path, encoding: str, bom: bool):
    article = tmp_path / "a.txt"
    article.write_bytes("The embassy in Kiev closed.\nПосольство в Киеве закрыто.\n".encode(encoding))
    result = cli("check", "--no-cache", str(article), cwd=tmp_path)
    name = "UTF-32" if "32" in encoding else "UTF-16"
    assert f"{article}: error: {name} text, not UTF-8; skipped, convert it to UTF-8 first" in result.stdout


def test_binary_files_with_nul_bytes_are_still_binary(tmp_path: Path):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(bytes(range(256)) * 8)  # NULs on both sides of the pairs: no UTF-16 reading of it
    result = cli("check", "--no-cache", str(blob), cwd=tmp_path)
    assert "binary file (contains NUL bytes), not an article; skipped" in result.stdout


# --- edits racing the write ----------------------------------------------------------------------

def leases_work(path: Path) -> bool:
    probe = os.open(path, os.O_RDONLY)
    try:
        return writing._lease(probe) is True
    finally:
        os.close(probe)


APPENDER = "import sys; open(sys.argv[1], 'a').write('A line the user typed.\\n')"


def test_an_edit_while_the_fix_is_staged_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Another process appends while copydesk writes its temporary file. With a lease, its open waits for
    # copydesk to give up (the break is the event waited on); without one, the append is simply seen.
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    real_stage = writing._stage
    writers: list[subprocess.Popen[bytes]] = []
    leases = leases_work(path)

    def stage_while_the_user_saves(*args, **kwargs):
        temp = real_stage(*args, **kwargs)
        writers.append(subprocess.Popen([sys.executable, "-c", APPENDER, str(path)]))
        if leases:  # the kernel says the lease is being broken: the writer is waiting in open()
            assert signal.sigtimedwait({signal.SIGURG}, HANG) is not None
        else:  # no lease here: wait for the append itself
            assert writers[0].wait(timeout=HANG) == 0
        return temp

    monkeypatch.setattr(writing, "_stage", stage_while_the_user_saves)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGURG})
    try:
        with pytest.raises(ArticleError, match="changed on disk while copydesk was fixing it; not written"):
            write_atomic(article, KYIV, str(tmp_path))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    assert writers[0].wait(timeout=HANG) == 0
    assert path.read_text() == KIEV + "A line the user typed.\n"
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(not hasattr(fcntl, "F_SETLEASE") or writing._renameat2() is None,
                    reason="needs Linux file leases and renameat2")
def test_a_program_opening_the_file_as_it_is_swapped_keeps_its_edit(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    # The narrowest window, after the last comparison: another process opens the file for appending just
    # before the swap. The lease makes its open wait and shows the break; the files are swapped back, and
    # once the lease is let go, the append lands in the file at the path. A real second process, no mocks
    # of the file system: only the moment is chosen, by running it from inside the swap.
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    real_exchange = writing._exchange
    writers: list[subprocess.Popen[bytes]] = []

    def a_writer_turns_up_then_swap(a: str, b: str) -> bool:
        if not writers:
            writers.append(subprocess.Popen([sys.executable, "-c", APPENDER, str(path)]))
            assert signal.sigtimedwait({signal.SIGURG}, HANG) is not None  # the kernel: the lease is being broken
        return real_exchange(a, b)

    monkeypatch.setattr(writing, "_exchange", a_writer_turns_up_then_swap)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGURG})
    try:
        with pytest.raises(ArticleError, match="the other edit was kept, the fix not written"):
            write_atomic(article, KYIV, str(tmp_path))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    assert writers[0].wait(timeout=HANG) == 0
    assert path.read_text() == KIEV + "A line the user typed.\n"
    assert temp_files(tmp_path) == []


def test_an_editor_saving_as_it_is_swapped_keeps_its_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # An editor's own atomic save (a rename over the file) right before copydesk's swap: the file swapped
    # out is not the one compared, so the swap is undone.
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    if not writing._exchange(str(path), str(path)):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the plain-rename path is tested below")
    real_exchange = writing._exchange

    def editor_saves_then_swap(a: str, b: str) -> bool:
        if not (tmp_path / "saved").exists():
            (tmp_path / "editor.tmp").write_text("The editor's version.\n")
            os.replace(tmp_path / "editor.tmp", path)
            (tmp_path / "saved").touch()
        return real_exchange(a, b)

    monkeypatch.setattr(writing, "_exchange", editor_saves_then_swap)
    with pytest.raises(ArticleError, match="the other edit was kept, the fix not written"):
        write_atomic(article, KYIV, str(tmp_path))
    assert path.read_text() == "The editor's version.\n"
    assert temp_files(tmp_path) == []


def test_without_the_swap_an_edit_at_the_rename_is_put_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Where renameat2 or leases are missing: a plain rename, then the old file read once more.
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    real_replace = os.replace

    def user_saves_then_replace(src, dst, **kwargs):
        if str(dst) == str(path):
            with open(path, "a") as handle:
                handle.write("A line the user typed.\n")
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(writing, "_exchange", lambda a, b: False)
    monkeypatch.setattr(writing, "_lease", lambda fd: False)
    monkeypatch.setattr(writing.os, "replace", user_saves_then_replace)
    with pytest.raises(ArticleError, match="the other edit was kept, the fix not written"):
        write_atomic(article, KYIV)
    assert path.read_text() == KIEV + "A line the user typed.\n"
    assert temp_files(tmp_path) == []


def test_a_file_open_for_writing_elsewhere_is_not_written(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    if not leases_work(path):
        pytest.skip("no file leases here")
    # a program holding the file open for writing (a log writer, an editor that keeps its file open)
    with open(path, "a"), pytest.raises(ArticleError, match="open for writing in another program; not written"):
        write_atomic(article, KYIV)
    assert path.read_text() == KIEV


def test_a_file_locked_by_another_process_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "a.txt"
    path.write_text(KIEV)
    article = read_article(str(path))
    monkeypatch.setattr(writing, "LOCK_TIMEOUT", 0.05)
    with open(path, "rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)  # another open file description: it conflicts
        with pytest.raises(ArticleError, match="locked by another process; not written"):
            write_atomic(article, KYIV)
    assert path.read_text() == KIEV
    write_atomic(article, KYIV)  # released: written
    assert path.read_text() == KYIV


MARK = "Reporting by the desk team, note {}.\n"


def test_two_fix_runs_and_a_user_editing_at_once_lose_nothing(tmp_path: Path):
    source = tmp_path / "source"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(source), "--articles", "150", "--eval", "/nonexistent"],
                   check=True, capture_output=True)
    names = sorted(str(p.relative_to(source)) for p in source.rglob("*.txt"))
    original = {n: (source / n).read_text(encoding="utf-8") for n in names}
    marked = {n: MARK.format(i) for i, n in enumerate(names) if i % 3 == 0}

    def fixed_versions(texts: dict[str, str], folder: Path) -> dict[str, str]:
        """What a single, undisturbed `copydesk fix` makes of each text."""
        for name, text in texts.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
        cli("fix", "--no-cache", str(folder), cwd=tmp_path)
        return {name: (folder / name).read_text(encoding="utf-8") for name in texts}

    first_pass = fixed_versions({**{f"once/{n}": original[n] for n in names},
                                 **{f"edited/{n}": original[n] + m for n, m in marked.items()}}, tmp_path / "fixed")
    once = {n: first_pass[f"once/{n}"] for n in names}
    edited_then_fixed = {n: first_pass[f"edited/{n}"] for n in marked}
    assert sum(once[n] != original[n] for n in names) > 40  # plenty of files to fight over
    fixed_edited_fixed = fixed_versions({n: once[n] + m for n, m in marked.items()}, tmp_path / "refixed")

    work = tmp_path / "work"
    for name, text in original.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "COPYDESK_PROGRESS_INTERVAL": "0"}
    common = [sys.executable, "-m", "linter", "fix", "--jobs", "2", "--progress", "lines"]
    logs = [tmp_path / "first.out", tmp_path / "second.out"]
    with open(logs[0], "w") as out1, open(logs[1], "w") as out2:
        # one run walks the folder, the other is given the files in reverse order: they meet in the middle
        first = subprocess.Popen([*common, str(work)], cwd=tmp_path, env=env, text=True, stdout=out1,
                                 stderr=subprocess.PIPE)
        second = subprocess.Popen([*common, *(str(work / n) for n in reversed(names))], cwd=tmp_path, env=env,
                                  stdout=out2, stderr=subprocess.STDOUT)
    stderr: list[str] = []  # the first run's, but for its progress lines
    try:
        # The user edits the marked files just ahead of the first run as it reports progress (a line per file
        # linted, in walk order, with two chunks of files in flight): edits land while files are read and written.
        pending = list(marked.items())
        for line in first.stderr:  # type: ignore[union-attr]
            if not line.startswith("copydesk: "):
                stderr.append(line)
                continue
            done = int(line.split()[1].split("/")[0])
            ahead = [item for item in pending if names.index(item[0]) < done + 12]
            for name, mark in ahead:
                with open(work / name, "a", encoding="utf-8") as handle:
                    handle.write(mark)
                pending.remove((name, mark))
        for name, mark in pending:  # the run ended before every edit was made
            with open(work / name, "a", encoding="utf-8") as handle:
                handle.write(mark)
        first.wait(timeout=HANG)
        second.wait(timeout=HANG)
    finally:
        for proc in (first, second):
            if proc.poll() is None:
                proc.kill()
        first.stderr.close()  # type: ignore[union-attr]
    outputs = [log.read_text() for log in logs] + ["".join(stderr)]
    assert first.returncode in (0, 1) and second.returncode in (0, 1)
    assert not any("Traceback" in out or "internal error" in out for out in outputs), outputs

    now = {str(p.relative_to(work)): p for p in work.rglob("*") if p.is_file()}
    assert sorted(now) == names, "files appeared (temp files?) or vanished"
    assert temp_files(tmp_path / ".copydesk_cache" / "tmp") == []
    for name in names:
        text = now[name].read_text(encoding="utf-8")
        if name not in marked:
            assert text == once[name], f"{name}: not the fixed version"
            continue
        mark = marked[name]
        allowed = {original[name] + mark, once[name] + mark, edited_then_fixed[name], fixed_edited_fixed[name]}
        assert text.endswith(mark), f"{name}: the user's edit was lost"
        assert text in allowed, f"{name}: neither the user's edit nor a fixed version of it"


# --- a 50 MB article --------------------------------------------------------------------------------

def big_article(path: Path, size: int) -> None:
    """About ``size`` bytes of news-like paragraphs with artifacts, non-ASCII included (2 bytes a character
    in memory), written without holding the whole text."""
    block = "".join(f"Officials in Kiev said the talks would resume next week, report {i}. “We are ready,” "
                    f"he said in Київ.\n\nThe ministry said air strikes hit Kharkov overnight.\n\n"
                    for i in range(200)).encode("utf-8")
    with open(path, "wb") as handle:
        for _ in range(size // len(block) + 1):
            handle.write(block)


def test_a_50_mb_article_is_checked_with_bounded_memory(tmp_path: Path):
    big = tmp_path / "big.txt"
    big_article(big, 50_000_000)
    # The place-name rules only, to keep the suite fast: bench/memory.py measures every rule. The bound
    # catches a blow-up in reading, decoding, the document model, matching and text output; the article
    # is hostile, with a finding every 80 bytes (610,000 in all), and each finding costs memory.
    proc = subprocess.Popen([sys.executable, "-m", "linter", "check", "--no-cache", "--select", "place-names",
                             str(big)], cwd=tmp_path, stdout=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 1
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    assert peak_mb < 2048, f"peak RSS {peak_mb:.0f} MB for a 50 MB article"
