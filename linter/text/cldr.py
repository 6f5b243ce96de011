"""English month and weekday names and the currencies in use, from the Unicode CLDR data that `babel` ships.

The date and number checks (linter/kinds/dates_numbers.py) need the names of the months and weekdays and the
codes, names and symbols of the currencies in use; they come from CLDR, the data every locale-aware library
reads, rather than from tables typed by hand. babel loads its locale data in about 40 ms, a quarter of a
one-article run's start-up, so what the checks use (plain strings) is kept between runs beside the other
derived values, keyed by copydesk's version and babel's data file, and read back in about a millisecond;
babel is imported only when it is not there.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.kept import store
from linter.version import VERSION

LOCALE = "en"
STORE = store.register(store.Store("English names from CLDR", "derived", "cldr-*.marshal"))


@dataclass(frozen=True)
class Names:
    """What the checks read: months January..December, weekdays Monday..Sunday (Python's ``weekday()`` order),
    their abbreviations, and each currency in use (legal tender somewhere today): code -> (plural name, symbol)."""

    months: tuple[str, ...]
    months_abbreviated: tuple[str, ...]
    weekdays: tuple[str, ...]
    weekdays_abbreviated: tuple[str, ...]
    currencies: dict[str, tuple[str, str]]


@functools.lru_cache(maxsize=1)
def names() -> Names:
    """The English names, kept between runs when they can be."""
    source = _data_file()
    kept_path = _kept_path(source)
    kept = store.read_marshalled(kept_path)
    if _well_formed(kept):
        return Names(*kept)
    derived = _from_babel()
    if kept_path is not None:
        STORE.write_marshalled(kept_path, tuple(vars(derived).values()))
    return derived


def _from_babel() -> Names:
    from babel import Locale  # only when the names are not kept
    from babel.core import get_global
    from babel.numbers import get_currency_name

    locale = Locale(LOCALE)
    months = locale.months["format"]["wide"]
    months_abbreviated = locale.months["format"]["abbreviated"]
    days = locale.days["format"]["wide"]
    days_abbreviated = locale.days["format"]["abbreviated"]
    in_use = sorted({code for spans in get_global("territory_currencies").values()
                     for code, _start, end, tender in spans if end is None and tender})
    currencies = {code: (get_currency_name(code, count=2, locale=LOCALE), locale.currency_symbols.get(code, code))
                  for code in in_use}
    return Names(
        months=tuple(months[i] for i in range(1, 13)),
        months_abbreviated=tuple(months_abbreviated[i] for i in range(1, 13)),
        weekdays=tuple(days[i] for i in range(7)),
        weekdays_abbreviated=tuple(days_abbreviated[i] for i in range(7)),
        currencies=currencies,
    )


def _data_file() -> Path | None:
    """babel's English locale data, found without importing babel."""
    return store.package_file("babel", "locale-data", f"{LOCALE}.dat")


def _kept_path(source: Path | None) -> Path | None:
    stamp = store.stamp(source)
    return None if stamp is None else STORE.path(f"cldr-{LOCALE}-{VERSION}-{stamp}.marshal")


def _well_formed(kept: Any) -> bool:
    if not (isinstance(kept, tuple) and len(kept) == 5):
        return False
    months, months_abbreviated, weekdays, weekdays_abbreviated, currencies = kept
    return (all(isinstance(t, tuple) and all(isinstance(s, str) and s for s in t)
                for t in (months, months_abbreviated, weekdays, weekdays_abbreviated))
            and len(months) == len(months_abbreviated) == 12 and len(weekdays) == len(weekdays_abbreviated) == 7
            and isinstance(currencies, dict) and bool(currencies)
            and all(isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 for k, v in currencies.items()))
