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
        line, message, hint = explain(error, text)
        raise SourceError(message, SourceLocation(location.path, (line or 0) + 1 + offset if line is not None
                                                  else location.line), hint) from None
    except yaml.YAMLError as error:
        raise SourceError(f"invalid YAML: {error}", location) from None
    finally:
        loader.dispose()


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str, str | None]:
    """(0-based line, message, hint) for a YAML error, in an editor's words where the mistake is a
    common one: a tab, a colon inside a value, a quotation mark left open, a list left open."""
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    line = mark.line if mark else None
    if "'\\t'" in problem or "\t" in problem:
        return line, "invalid YAML: a tab character in the indentation", "indent with spaces, not tabs"
    if "quoted scalar" in context and error.context_mark is not None:
        opened = error.context_mark.line
        return opened, "invalid YAML: a quotation mark is opened here and never closed", \
            "close the quotation mark at the end of the value"
    if "flow sequence" in context and error.context_mark is not None:
        return error.context_mark.line, "invalid YAML: a list opened with '[' is not closed", \
            "close it with ']' on the same line"
    if "mapping values are not allowed" in problem and line is not None:
        source = text.splitlines()[line] if line < len(text.splitlines()) else ""
        key = source.split(":", 1)[0].strip()
        return line, f"invalid YAML: a colon inside the value of '{key}'", \
            "put the value in quotes, e.g. title: \"The case: again\""
    if "expected <block end>" in problem:
        return line, "invalid YAML: this line is not indented like the lines around it", \
            "line it up with the other keys of the same level"
    return line, f"invalid YAML: {problem or context or 'the file cannot be read'}", None


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
