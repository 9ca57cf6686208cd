"""YAML that remembers where each value came from.

`load_yaml` returns plain dicts, lists and scalars, except that mappings are
`LocatedDict` and sequences `LocatedList`, which know the line of each key and item.
Syntax errors and duplicate keys become `SourceError`s naming the file and line.
"""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import SourceError, SourceLocation


class LocatedDict(dict):
    """A mapping with the source line of itself and of each key."""

    location: SourceLocation
    key_locations: dict[str, SourceLocation]

    def loc(self, key: str) -> SourceLocation:
        return self.key_locations.get(key, self.location)


class LocatedList(list):
    """A sequence with the source line of itself and of each item."""

    location: SourceLocation
    item_locations: list[SourceLocation]

    def loc(self, index: int) -> SourceLocation:
        return self.item_locations[index]


def parse_yaml(text: str, location: SourceLocation) -> Any:
    """Parse one YAML document; `location` is the file and the line the text starts on."""
    offset = (location.line or 1) - 1
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _construct(loader, node, location.path, offset)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else location.line
        problem = error.problem or error.context or "invalid YAML"
        raise SourceError(f"invalid YAML: {problem}", SourceLocation(location.path, line)) from None
    except yaml.YAMLError as error:
        raise SourceError(f"invalid YAML: {error}", location) from None
    finally:
        loader.dispose()


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: str, offset: int) -> Any:
    here = SourceLocation(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = LocatedDict()
        result.location, result.key_locations = here, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key_loc = SourceLocation(path, key_node.start_mark.line + 1 + offset)
            if not isinstance(key, (str, int, float, bool)):
                raise SourceError("a key must be a plain word", key_loc)
            key = str(key)
            if key in result:
                raise SourceError(f"duplicate key '{key}' (first at line {result.key_locations[key].line})", key_loc)
            result[key] = _construct(loader, value_node, path, offset)
            result.key_locations[key] = key_loc
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_construct(loader, item, path, offset) for item in node.value)
        items.location = here
        items.item_locations = [SourceLocation(path, item.start_mark.line + 1 + offset) for item in node.value]
        return items
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:  # e.g. a timestamp that is no real date (2023-02-30): keep the text for the checks
        return node.value
