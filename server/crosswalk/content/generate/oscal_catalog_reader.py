"""A small reader of OSCAL catalogs (JSON, OSCAL 1.0 to 1.2): groups, controls and their nested controls, parts,
params, props, links and withdrawn status, as plain frozen dataclasses, plus the ids an OSCAL profile selects.

Kept free of any one framework's conventions, so that any OSCAL catalog can be imported through it. Prose is OSCAL
markup (Markdown-like): ``plain_text`` renders it as the publication prints it, with a link as its text and
``**bold**``/``*italic*`` markers dropped; ``render`` also puts each ``{{ insert: param, id }}`` in the bracketed
form NIST prints ("[Assignment: organization-defined frequency]", "[Selection (one or more): a; b]") and says
whether it substituted anything, since such a text is then no longer the OSCAL prose character for character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosswalk.content.generate.builder import ReferenceDataError, load_json

INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}")
LINK = re.compile(r"\[([^\[\]]*)\]\([^)\s]*\)")
BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
ITALIC = re.compile(r"(?<![*\w])\*(\S(?:.*?\S)?)\*(?![*\w])")
STRAY_BOLD = re.compile(r"\s*\*\*\s*")


@dataclass(frozen=True)
class Prop:
    name: str
    value: str
    ns: str | None = None
    cls: str | None = None
    remarks: str | None = None


@dataclass(frozen=True)
class Link:
    href: str
    rel: str | None = None
    text: str | None = None

    @property
    def target_id(self) -> str | None:
        """The id a fragment link (``#ac-3``) or a bare-id link (``GV.OC-05``) names; None for a URL."""
        if self.href.startswith("#"):
            return self.href[1:]
        return None if ":" in self.href or "/" in self.href else self.href


@dataclass(frozen=True)
class Param:
    id: str
    label: str | None = None
    choices: tuple[str, ...] = ()
    how_many: str | None = None  # "one" or "one-or-more"; None means one
    values: tuple[str, ...] = ()
    props: tuple[Prop, ...] = ()


@dataclass(frozen=True)
class Part:
    id: str | None
    name: str
    prose: str | None = None
    title: str | None = None
    ns: str | None = None
    props: tuple[Prop, ...] = ()
    parts: tuple[Part, ...] = ()

    @property
    def label(self) -> str | None:
        return prop_value(self.props, "label")

    def walk(self) -> Iterator[Part]:
        yield self
        for part in self.parts:
            yield from part.walk()


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    cls: str | None = None
    props: tuple[Prop, ...] = ()
    links: tuple[Link, ...] = ()
    params: tuple[Param, ...] = ()
    parts: tuple[Part, ...] = ()
    controls: tuple[Control, ...] = ()

    @property
    def label(self) -> str | None:
        return prop_value(self.props, "label")

    @property
    def withdrawn(self) -> bool:
        return prop_value(self.props, "status") == "withdrawn"

    def parts_named(self, name: str) -> list[Part]:
        return [part for part in self.parts if part.name == name]

    def walk(self) -> Iterator[Control]:
        """This control and every control nested in it, depth first in document order."""
        yield self
        for child in self.controls:
            yield from child.walk()


@dataclass(frozen=True)
class Group:
    id: str | None
    title: str
    cls: str | None = None
    props: tuple[Prop, ...] = ()
    links: tuple[Link, ...] = ()
    params: tuple[Param, ...] = ()
    parts: tuple[Part, ...] = ()
    groups: tuple[Group, ...] = ()
    controls: tuple[Control, ...] = ()

    @property
    def label(self) -> str | None:
        return prop_value(self.props, "label")

    @property
    def withdrawn(self) -> bool:
        return prop_value(self.props, "status") == "withdrawn"

    def parts_named(self, name: str) -> list[Part]:
        return [part for part in self.parts if part.name == name]


@dataclass(frozen=True)
class Rendered:
    """A prose text as printed; ``parameters`` is True when a parameter placeholder was filled in."""

    text: str
    parameters: bool


@dataclass
class Catalog:
    metadata: dict[str, Any]
    groups: tuple[Group, ...]
    controls: tuple[Control, ...]  # controls outside any group
    resources: dict[str, dict[str, Any]]  # back-matter resources by uuid
    params: dict[str, Param] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # part id -> id of the control or group it belongs to
    ids: set[str] = field(default_factory=set)  # ids of the groups and controls
    parts: dict[str, Part] = field(default_factory=dict)  # every part with an id

    def __post_init__(self) -> None:
        for holder in self.all_groups():
            self._index(holder.id, holder.params, holder.parts)
        for control in self.all_controls():
            self._index(control.id, control.params, control.parts)

    def _index(self, owner: str | None, params: tuple[Param, ...], parts: tuple[Part, ...]) -> None:
        self.params.update((param.id, param) for param in params)
        if owner is not None:
            self.ids.add(owner)
            for top in parts:
                for part in top.walk():
                    if part.id:
                        self.owners[part.id] = owner
                        self.parts[part.id] = part

    def all_groups(self) -> Iterator[Group]:
        stack = list(reversed(self.groups))
        while stack:
            group = stack.pop()
            yield group
            stack.extend(reversed(group.groups))

    def all_controls(self) -> Iterator[Control]:
        """Every control, nested ones included, in document order."""
        for control in self.controls:
            yield from control.walk()
        for group in self.all_groups():
            for control in group.controls:
                yield from control.walk()

    def owner_of(self, identifier: str) -> str | None:
        """The control or group a link target names: itself, or the one holding the part of that id."""
        return identifier if identifier in self.ids else self.owners.get(identifier)

    def render(self, prose: str) -> Rendered:
        """``prose`` with its parameters in NIST's bracketed form and its markup as plain text."""
        substituted = bool(INSERT.search(prose))
        return Rendered(INSERT.sub(lambda m: self.param_text(m.group(1)), plain_text(prose)), substituted)

    def param_text(self, param_id: str) -> str:
        param = self.params.get(param_id)
        if param is None:
            raise ValueError(f"prose inserts unknown parameter {param_id!r}")
        if param.values:
            return ", ".join(self.render(value).text for value in param.values)
        if param.choices:
            how = " (one or more)" if param.how_many == "one-or-more" else ""
            return f"[Selection{how}: {'; '.join(self.render(c).text.strip() for c in param.choices)}]"
        if param.label:
            return f"[Assignment: {plain_text(param.label)}]"
        raise ValueError(f"parameter {param_id!r} has no value, choice or label to print")

    def statement_text(self, part: Part) -> Rendered:
        """A statement part and its items, one line each ("a. ...", "1. ..."), in document order."""
        lines, parameters = [], False
        for item in part.walk():
            if item.prose is None or not item.prose.strip():
                continue
            rendered = self.render(item.prose)
            parameters = parameters or rendered.parameters
            lines.append(" ".join(filter(None, (item.label, rendered.text.strip()))))
        return Rendered("\n".join(lines), parameters)


def plain_text(markup: str) -> str:
    """OSCAL markup as plain text: links as their text, emphasis markers dropped (a lone ``**`` too)."""
    text = LINK.sub(lambda m: m.group(1), markup)
    text = BOLD.sub(lambda m: m.group(1), text)
    text = ITALIC.sub(lambda m: m.group(1), text)
    return STRAY_BOLD.sub(" ", text) if "**" in text else text


def prop_value(props: tuple[Prop, ...], name: str) -> str | None:
    return next((prop.value for prop in props if prop.name == name), None)


def read_catalog(path: Path) -> Catalog:
    document = load_json(path)
    if not isinstance(document, dict) or "catalog" not in document:
        raise ReferenceDataError(path, "not an OSCAL catalog (no 'catalog' object)")
    return catalog_from_document(document)


def catalog_from_document(document: dict[str, Any]) -> Catalog:
    """A parsed OSCAL catalog document (``{"catalog": ...}``), already known to be one."""
    data = document["catalog"]
    resources = {r["uuid"]: r for r in data.get("back-matter", {}).get("resources", [])}
    return Catalog(
        metadata=data["metadata"],
        groups=tuple(_group(g) for g in data.get("groups", [])),
        controls=tuple(_control(c) for c in data.get("controls", [])),
        resources=resources,
    )


def profile_control_ids(path: Path) -> list[str]:
    """The control ids an OSCAL profile includes by id (``include-controls`` / ``with-ids``), in its order."""
    document = load_json(path)
    if not isinstance(document, dict) or "profile" not in document:
        raise ReferenceDataError(path, "not an OSCAL profile (no 'profile' object)")
    return selected_ids(document["profile"], path)


def selected_ids(profile: dict[str, Any], path: Path | str = "profile") -> list[str]:
    """The ids a parsed profile object includes by id; a profile that selects otherwise raises ValueError."""
    ids: list[str] = []
    for imported in profile["imports"]:
        if "include-all" in imported or "exclude-controls" in imported:
            raise ValueError(f"{path}: only include-controls by id is read")
        for selection in imported.get("include-controls", []):
            if "matching" in selection:
                raise ValueError(f"{path}: include-controls by pattern is not read")
            ids.extend(i for i in selection.get("with-ids", []) if i not in ids)
    return ids


def _props(data: dict[str, Any]) -> tuple[Prop, ...]:
    return tuple(
        Prop(p["name"], p["value"], p.get("ns"), p.get("class"), p.get("remarks")) for p in data.get("props", [])
    )


def _links(data: dict[str, Any]) -> tuple[Link, ...]:
    return tuple(Link(link["href"], link.get("rel"), link.get("text")) for link in data.get("links", []))


def _params(data: dict[str, Any]) -> tuple[Param, ...]:
    params = []
    for p in data.get("params", []):
        select = p.get("select", {})
        params.append(
            Param(
                p["id"],
                p.get("label"),
                tuple(select.get("choice", [])),
                select.get("how-many"),
                tuple(p.get("values", [])),
                _props(p),
            )
        )
    return tuple(params)


def _part(data: dict[str, Any]) -> Part:
    return Part(
        data.get("id"),
        data["name"],
        data.get("prose"),
        data.get("title"),
        data.get("ns"),
        _props(data),
        tuple(_part(p) for p in data.get("parts", [])),
    )


def _control(data: dict[str, Any]) -> Control:
    return Control(
        data["id"],
        data["title"],
        data.get("class"),
        _props(data),
        _links(data),
        _params(data),
        tuple(_part(p) for p in data.get("parts", [])),
        tuple(_control(c) for c in data.get("controls", [])),
    )


def _group(data: dict[str, Any]) -> Group:
    return Group(
        data.get("id"),
        data["title"],
        data.get("class"),
        _props(data),
        _links(data),
        _params(data),
        tuple(_part(p) for p in data.get("parts", [])),
        tuple(_group(g) for g in data.get("groups", [])),
        tuple(_control(c) for c in data.get("controls", [])),
    )


__all__ = [
    "Catalog", "Control", "Group", "Link", "Param", "Part", "Prop", "Rendered", "catalog_from_document", "plain_text",
    "profile_control_ids", "prop_value", "read_catalog", "selected_ids",
]  # fmt: skip
