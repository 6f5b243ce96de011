"""YAML as plain data, for rule packs and config files: no objects, no alias bombs, no stack overflow.

``load(text)`` is ``yaml.safe_load`` (which constructs no Python objects) that also refuses, with a
``yaml.MarkedYAMLError`` naming the line, what plain data never needs:

- aliases (``*name``): a few lines of nested aliases (a "billion laughs") expand to gigabytes as soon
  as anything walks the data (the pack cache, error reporting);
- nesting deeper than ``MAX_DEPTH`` levels: PyYAML recurses once per level and would overflow the
  stack on a file of ten thousand ``[``;
- tags that would construct objects (``!!python/object/apply:os.system``): safe_load refuses them
  too; the message says why.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

MAX_DEPTH = 64


class DataLoader(yaml.SafeLoader):
    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ComposerError(None, None, f"aliases (*{event.anchor}) are not allowed here: write the value out",
                                event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise ConstructorError(None, None, f"the tag {node.tag!r} is not allowed: plain YAML data only "
                               "(mappings, lists, strings, numbers, booleans)", node.start_mark)


DataLoader.add_constructor(None, DataLoader.construct_undefined)


def load(text: str) -> Any:
    """The data of a YAML text; raises ``yaml.YAMLError`` (with ``problem`` and ``problem_mark``)."""
    loader = DataLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
