"""Hatchling build hook: builds the compiled passes (native/, Rust with PyO3) into linter/text when cargo and the
crates are there; when they are not, says so in one line and the install goes on with the pure-Python twins."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DEBIAN_REGISTRY = Path("/usr/share/cargo/registry")  # Debian's crate sources (apt-get install librust-pyo3-dev)
OFF = "COPYDESK_NO_NATIVE"


def _say(line: str) -> None:
    print(f"copydesk: {line}", file=sys.stderr, flush=True)


class CustomBuildHook(BuildHookInterface):
    """Runs ``cargo build --offline --release`` in native/ and puts the library where ``linter.text`` imports it."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        name = "_native" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so")
        in_tree = root / "linter" / "text" / name
        if version == "editable":
            in_tree.unlink(missing_ok=True)  # never leave a library of an older build beside the new sources
        try:
            built = self._build(root)
        except _NotBuilt as reason:
            _say(f"the native extension was not built ({reason}): the pure-Python twins will be used")
            return
        if version == "editable":  # the editable install imports linter from this tree
            shutil.copyfile(built, in_tree)
        else:
            staged = built.with_name(name)
            shutil.copyfile(built, staged)
            build_data["force_include"][str(staged)] = f"linter/text/{name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
        _say(f"native extension built: linter/text/{name}")

    def _build(self, root: Path) -> Path:
        if os.environ.get(OFF):
            raise _NotBuilt(f"{OFF} is set")
        manifest = root / "native" / "Cargo.toml"
        if not manifest.is_file():
            raise _NotBuilt("no native/Cargo.toml in this source")
        cargo = shutil.which("cargo")
        if cargo is None:
            raise _NotBuilt("cargo is not on PATH")
        command = [cargo, "build", "--offline", "--release", "--quiet", "--manifest-path", str(manifest)]
        if any(DEBIAN_REGISTRY.glob("pyo3-0.17.*")):
            command += ["--config", 'source.crates-io.replace-with="debian"',
                        "--config", f'source.debian.directory="{DEBIAN_REGISTRY}"']
        env = {**os.environ, "PYO3_PYTHON": sys.executable}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise _NotBuilt(f"cargo did not run: {exc}") from None
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
            raise _NotBuilt(f"cargo failed: {(errors or ['exit status ' + str(done.returncode)])[0]}")
        target = Path(os.environ.get("CARGO_TARGET_DIR") or root / "native" / "target") / "release"
        for candidate in ("lib_native.so", "lib_native.dylib", "_native.dll"):
            if (target / candidate).is_file():
                return target / candidate
        raise _NotBuilt(f"cargo built no library in {target}")


class _NotBuilt(Exception):
    """Why the extension was not built (said in one line; the install goes on)."""
