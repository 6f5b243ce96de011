"""The HTML report in a real browser: headless Chromium renders the report of a small archive (a screenshot),
and its DOM after the page's own script ran (``--dump-dom``) holds the rows the run made, filters by the URL
fragment, and shows an article's ``<script>`` as text, never running it.

Skips when Chromium is not installed (Debian: ``apt-get install chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_main
from tests.html_tree import Element, parse_html
from tests.test_report_truth import applied_rows, by_id, changed_files, make_archive, review_rows

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("COPYDESK_REQUIRE_BROWSER"),
                                reason="Chromium is not installed (Debian: apt-get install chromium); the report "
                                       "is not checked in a browser")


def test_chromium_is_there_where_it_is_required() -> None:
    """``.ci/run`` sets COPYDESK_REQUIRE_BROWSER where it installed Chromium: there, these tests must not skip."""
    assert CHROMIUM is not None, "COPYDESK_REQUIRE_BROWSER is set, but no chromium is on PATH"


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    run = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
                          "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                          "--virtual-time-budget=3000", *args],
                         capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    return run.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    run_main("fix", "--report", str(folder / "report.html"), str(make_archive(folder / "archive")))
    return folder / "report.html"


def dom(report: Path, fragment: str = "") -> Element:
    return parse_html(chromium(report.parent, "--dump-dom", report.as_uri() + fragment))


def shown(rows: list[Element]) -> list[Element]:
    return [r for r in rows if "hidden" not in dict(r.attrs)]


def table_rows(root: Element, table: str) -> list[Element]:
    return [e for e in root.walk() if e.tag == "tr" and dict(e.attrs).get("data-table") == table]


def test_the_report_renders_to_a_screenshot(report: Path) -> None:
    shot = report.parent / "report.png"
    chromium(report.parent, f"--screenshot={shot}", "--window-size=1280,1800", "--hide-scrollbars", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a page drawn, not a blank one
    if os.environ.get("COPYDESK_REPORT_SCREENSHOT"):  # to look at it
        shutil.copyfile(shot, os.environ["COPYDESK_REPORT_SCREENSHOT"])


def test_the_dom_holds_what_was_applied_and_what_is_left(report: Path) -> None:
    root = dom(report)
    assert len(shown(table_rows(root, "applied"))) == 3 and len(shown(table_rows(root, "review"))) == 3
    assert [r[0] for r in applied_rows(root)] == ["hostile.md", "safe.md", "safe.md"]
    assert [r[0] for r in review_rows(root)] == ["display.md", "quoted.md", "unsafe.md"]
    assert changed_files(root) == ["hostile.md", "safe.md"]
    assert by_id(root, "shown-applied").text == "3" and by_id(root, "shown-review").text == "3"
    # the article's <script> is text in a cell: it did not run, and the page has only its own script
    assert root.find_all("title")[0].text == "copydesk fix report"
    assert len(root.find_all("script")) == 1
    assert any('document.title="pwned"</script> in' in td.text for td in root.find_all("td"))
    assert {dict(f.attrs)["data-chart"] for f in root.find_all("figure")} == {"pack", "rule", "file", "applied"}
    assert len([g for g in root.find_all("g") if dict(g.attrs).get("class") == "bar"]) == 3 + 3 + 3 + 2


@pytest.mark.parametrize(("fragment", "applied", "review"), [
    ("#rule=CD101", ["hostile.md", "safe.md"], ["quoted.md"]),
    ("#pack=segmentation", [], ["unsafe.md"]),
    ("#severity=warning&rule=CD201", ["safe.md"], []),
    ("#severity=error", [], []),
])
def test_the_filters_work_in_the_browser(report: Path, fragment: str, applied: list[str], review: list[str]) -> None:
    root = dom(report, fragment)
    assert [Path(r.find_all("td")[0].text).name.split(":")[0] for r in shown(table_rows(root, "applied"))] == applied
    assert [Path(r.find_all("td")[0].text).name.split(":")[0] for r in shown(table_rows(root, "review"))] == review
    assert by_id(root, "shown-applied").text == str(len(applied))
    assert by_id(root, "shown-review").text == str(len(review))
