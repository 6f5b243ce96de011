"""`copydesk doctor`: which config files apply here and which optional backends and packages are available."""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

from linter.backends import languagetool as lt
from linter.core.config import Settings, discover_config, resolve
from linter.core.engine import linter_for
from linter.kinds.languagetool import config_of
from linter.text import tokens

PROBE_TIMEOUT = 3.0  # seconds for each request to the LanguageTool server
# distribution -> module; lingua is imported (another rule kind loads it at run time), the rest only located
PACKAGES = (
    ("language-tool-python", "language_tool_python"),
    ("lingua-language-detector", "lingua"),
    ("pyphen", "pyphen"),
    ("pygls", "pygls"),
    ("rich", "rich"),
    ("dask", "dask"),
)
IMPORTED = {"lingua"}


def languagetool_report(settings: Settings) -> dict[str, Any]:
    """Is a LanguageTool server configured, and does it answer GET /v2/languages?"""
    config = config_of(settings)
    found = lt.configured_url(config)
    report: dict[str, Any] = {"configured": found is not None, "url": None, "source": None, "reachable": False,
                              "version": None, "languages": None, "error": None, "language": config.language,
                              "LTP_PATH": os.environ.get("LTP_PATH"),
                              "LTP_JAR_DIR_PATH": os.environ.get("LTP_JAR_DIR_PATH"),
                              "local_installations": _local_installations(), "allow_download": config.allow_download}
    if found is None:
        return report
    report["url"], report["source"] = found
    base = lt.api_base(found[0])
    try:
        languages = lt.request_json(base + "/languages", PROBE_TIMEOUT)
        if not isinstance(languages, list):
            raise lt.BackendError("the answer to /v2/languages is not a list")
    except lt.BackendError as exc:
        report["error"] = str(exc)
        return report
    report["reachable"] = True
    report["languages"] = len(languages)
    try:  # the version is in every check answer; an empty check is the cheapest
        answer = lt.request_json(base + "/check", PROBE_TIMEOUT, {"language": config.language, "text": "."})
        report["version"] = (answer.get("software") or {}).get("version")
    except (lt.BackendError, AttributeError):
        pass
    return report


def _local_installations() -> list[str]:
    """LanguageTool folders where language-tool-python looks (LTP_PATH or its default); nothing is created."""
    folder = Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")
    return sorted(p.name for p in folder.glob("LanguageTool*") if p.is_dir()) if folder.is_dir() else []


def java_report() -> dict[str, Any]:
    java = shutil.which("java")
    if java is None:
        return {"present": False, "version": None}
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {"present": True, "path": java, "version": None, "error": str(exc)}
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return {"present": True, "path": java, "version": lines[0] if lines else None}


def package_report() -> list[dict[str, Any]]:
    rows = []
    for dist, module in PACKAGES:
        try:
            version: str | None = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            version = None
        row: dict[str, Any] = {"package": dist, "module": module, "version": version,
                               "found": importlib.util.find_spec(module) is not None}
        if module in IMPORTED and row["found"]:
            try:
                importlib.import_module(module)
                row["imports"] = True
            except Exception as exc:  # a broken binary wheel raises anything
                row["imports"] = False
                row["error"] = f"{type(exc).__name__}: {exc}"
        rows.append(row)
    return rows


def config_report(settings: Settings, config_file: str | None, discover: bool,
                  folder: str | None = None) -> dict[str, Any]:
    """Which config files apply to ``folder`` (the working folder): the one discovery used, those it skipped
    and why, the ``--config`` file, and the extra packs they name."""
    folder = folder or os.getcwd()
    found = discover_config(folder) if discover else None
    return {
        "folder": folder,
        "discovered": found.used if found else None,
        "skipped": [{"path": s.path, "reason": s.reason} for s in found.skipped] if found else [],
        "config": os.path.abspath(config_file) if config_file else None,
        "isolated": not discover,
        "extend_packs": list(settings.extend_packs),
    }


def collect(settings: Settings, config: dict[str, Any] | None = None) -> dict[str, Any]:
    from linter.version import VERSION as __version__

    linter = linter_for(settings)
    selected = set(linter.rules)
    packs = [{"pack": p.name, "rules": len(p.rules), "selected": sum(1 for r in p.rules if r in selected),
              "opt_in": not p.enabled} for p in linter.packs]
    return {
        "copydesk": __version__,
        "python": platform.python_version(),
        "config": config if config is not None else config_report(settings, None, True),
        "packs": packs,
        "languagetool": languagetool_report(settings),
        "java": java_report(),
        "packages": package_report(),
        "native": tokens.choice().status,
    }


def render(report: dict[str, Any]) -> str:
    lines = [f"copydesk {report['copydesk']} (Python {report['python']})"]
    config = report["config"]
    lines.append(f"config files (for {config['folder']})")
    discovered = "not looked for (--isolated)" if config["isolated"] else config["discovered"] or "none found"
    lines.append(f"  discovered:  {discovered}")
    lines += [f"  skipped:     {s['path']}: {s['reason']}" for s in config["skipped"]]
    if config["config"]:
        lines.append(f"  --config:    {config['config']}")
    lines += [f"  extra pack:  {pack}" for pack in config["extend_packs"]]
    packs = report["packs"]
    lines.append(f"rule packs: {len(packs)} packs, {sum(p['rules'] for p in packs)} rules, "
                 f"{sum(p['selected'] for p in packs)} selected")
    lines += [f"  {p['pack']:<20} {p['rules']:>3} rules, {p['selected']:>3} selected"
              f"{' (opt-in)' if p['opt_in'] else ''}" for p in packs]
    lt_report = report["languagetool"]
    lines.append("LanguageTool")
    if not lt_report["configured"]:
        lines.append(f"  server:      not configured (set {lt.ENV_URL} or languagetool.url); its rule does nothing")
    elif lt_report["reachable"]:
        version = f"LanguageTool {lt_report['version']}, " if lt_report["version"] else ""
        lines.append(f"  server:      {lt_report['url']} (from {lt_report['source']}): reachable, {version}"
                     f"{lt_report['languages']} languages; checking {lt_report['language']}")
    else:
        lines.append(f"  server:      {lt_report['url']} (from {lt_report['source']}): NOT reachable: "
                     f"{lt_report['error']}")
    local = ", ".join(lt_report["local_installations"]) or "none"
    lines.append(f"  local:       LTP_PATH={lt_report['LTP_PATH'] or '(not set)'}, "
                 f"LTP_JAR_DIR_PATH={lt_report['LTP_JAR_DIR_PATH'] or '(not set)'}, installations: {local}, "
                 f"allow-download: {'yes' if lt_report['allow_download'] else 'no'}")
    java = report["java"]
    java_state = (java["version"] or "present, version unknown") if java["present"] else "not found"
    lines.append(f"  java:        {java_state}")
    lines.append(f"native extension: {report['native']}")
    lines.append("packages")
    for row in report["packages"]:
        if row["version"] is None and not row["found"]:
            state = "not installed"
        else:
            state = row["version"] or "found (version unknown)"
            if "imports" in row:
                state += " (imports)" if row["imports"] else f" (does NOT import: {row['error']})"
        lines.append(f"  {row['package']:<26} {state}")
    return "\n".join(lines) + "\n"


def run_doctor(args: argparse.Namespace, out: Any) -> int:
    """Print the report; exit 1 when a configured LanguageTool server does not answer, else 0."""
    settings = resolve(None, args.config, None, discover=not args.isolated)
    report = collect(settings, config_report(settings, args.config, not args.isolated))
    out.write(json.dumps(report, indent=2) + "\n" if args.format == "json" else render(report))
    lt_report = report["languagetool"]
    return 1 if lt_report["configured"] and not lt_report["reachable"] else 0
