"""The settings and the compiled linter for any path of a run, from where its configuration comes from."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from linter.core.config import Settings, resolve
from linter.core.engine import Linter, linter_for
from linter.model.diagnostics import Severity


@dataclass(frozen=True)
class Resolver:
    """Where a run's configuration comes from: a file named with ``--config``, the config files found upward
    from each article (unless ``discover`` is off) and the command line's ``overrides``. The CLI and the batch
    runner both ask it; it is picklable, so worker processes rebuild the same settings."""

    config_file: str | None = None
    discover: bool = True
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def settings_for(self, path: str | None) -> Settings:
        """The settings of the article at ``path`` (None: of the working folder)."""
        start = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return resolve(start, self.config_file, self.overrides, discover=self.discover)

    def linter_for(self, path: str | None) -> Linter:
        """The compiled linter of those settings (one per configuration: ``engine.linter_for``)."""
        return linter_for(self.settings_for(path))

    def fail_on_for(self, path: str | None) -> Severity:
        """The lowest severity that fails the run for the article at ``path`` (its config's ``fail-on``, or the
        command line's): the exit code asks this per folder, as the linter is chosen per folder."""
        return self.settings_for(path).fail_on
