"""The example-case checks of linter/core/examples.py for pytest: a case that cannot run yet is a skipped test.

The checks themselves live in the package, where `copydesk test-pack` and the check of extra packs run them too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from linter.core import examples
from linter.core.engine import Linter
from linter.core.examples import case_id, diagnostics, found
from linter.model.rules import Case, Rule

__all__ = ["case_id", "case_linter", "check_fail", "check_fixed", "check_pass", "check_use_instead", "diagnostics",
           "found"]


def _skipping(check: Callable[[Rule, Case], Any]) -> Callable[[Rule, Case], Any]:
    def run(rule: Rule, case: Case) -> Any:
        try:
            return check(rule, case)
        except examples.CaseSkipped as exc:
            pytest.skip(str(exc))
    run.__doc__ = check.__doc__
    return run


case_linter: Callable[[Rule, Case], Linter] = _skipping(examples.case_linter)
check_fail = _skipping(examples.check_fail)
check_pass = _skipping(examples.check_pass)
check_fixed = _skipping(examples.check_fixed)
check_use_instead = _skipping(examples.check_use_instead)
