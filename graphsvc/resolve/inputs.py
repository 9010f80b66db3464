"""What the pair scorer reads of a record: ``MatchInput``, and ``Prepared``, the same
with its names normalised once for scoring many pairs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphsvc.model import Record, identifiers_of, names_of
from graphsvc.resolve.consistency import Profile, date_parts
from graphsvc.resolve.identifiers import (
    CONFLICT_SCHEMES,
    can_merge,
    identifier_key,
    scheme_of,
)
from graphsvc.resolve.names import PERSON_SCHEMATA, NameForm, name_keys

MAX_NAMES = 8  # names per record compared (primary names come first)

_COUNTRY_PROPS = ("country", "jurisdiction", "nationality", "citizenship", "mainCountry")
_BIRTH_PROPS = ("birthDate",)
_INCORP_PROPS = ("incorporationDate",)
_GENDERS = frozenset({"male", "female"})  # FtM's "other" says nothing a conflict can use


@dataclass(frozen=True, slots=True)
class MatchInput:
    """What the matcher needs to know about one record."""

    id: str
    schema: str
    names: tuple[str, ...]
    countries: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()  # valid keys, "inn:7704734000"
    invalid_identifiers: frozenset[str] = frozenset()  # kept, flagged, never merged on
    birth_dates: tuple[str, ...] = ()
    incorporation_dates: tuple[str, ...] = ()
    topics: frozenset[str] = frozenset()
    genders: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        id: str,
        schema: str,
        names: Iterable[str],
        *,
        countries: Iterable[str] = (),
        identifiers: Iterable[tuple[str, str]] = (),
        birth_dates: Iterable[str] = (),
        incorporation_dates: Iterable[str] = (),
        topics: Iterable[str] = (),
        genders: Iterable[str] = (),
    ) -> MatchInput:
        """From raw values; identifiers are (scheme, value) and get validated here."""
        valid: set[str] = set()
        invalid: set[str] = set()
        for scheme, value in identifiers:
            key, ok = identifier_key(scheme, value)
            (valid if ok else invalid).add(key)
        return cls(
            id=id,
            schema=schema,
            names=tuple(dict.fromkeys(n for n in names if n and n.strip())),
            countries=frozenset(c.strip().lower() for c in countries if c and c.strip()),
            identifiers=frozenset(valid),
            invalid_identifiers=frozenset(invalid),
            birth_dates=tuple(birth_dates),
            incorporation_dates=tuple(incorporation_dates),
            topics=frozenset(topics),
            genders=frozenset(g.strip().lower() for g in genders if g and g.strip()),
        )

    @classmethod
    def from_record(cls, record: Record) -> MatchInput:
        props = record.properties
        countries = [c for p in _COUNTRY_PROPS for c in props.get(p, ())]
        jurisdictions = {c.lower() for c in props.get("jurisdiction", props.get("country", ()))}
        ids: list[tuple[str, str]] = []
        for scheme, value in identifiers_of(record):
            if scheme == "reg" and len(jurisdictions) == 1:
                scheme = f"reg:{next(iter(jurisdictions))}"
            ids.append((scheme, value))
        return cls.build(
            record.id,
            record.schema,
            names_of(record),
            countries=countries,
            identifiers=ids,
            birth_dates=[d for p in _BIRTH_PROPS for d in props.get(p, ())],
            incorporation_dates=[d for p in _INCORP_PROPS for d in props.get(p, ())],
            topics=props.get("topics", ()),
            genders=props.get("gender", ()),
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchInput:
        """From a plain dict: id, schema, names (or name), countries, identifiers as a
        mapping scheme -> value(s) or a list of [scheme, value], birth_dates,
        incorporation_dates, topics."""

        def _list(key: str) -> list[str]:
            value = data.get(key) or []
            return [value] if isinstance(value, str) else [str(v) for v in value]

        raw_ids = data.get("identifiers") or []
        pairs: list[tuple[str, str]] = []
        if isinstance(raw_ids, Mapping):
            for scheme, values in raw_ids.items():
                for v in [values] if isinstance(values, str) else values:
                    pairs.append((str(scheme), str(v)))
        else:
            pairs = [(str(s), str(v)) for s, v in raw_ids]
        return cls.build(
            str(data["id"]),
            str(data["schema"]),
            _list("names") or _list("name"),
            countries=_list("countries") or _list("country"),
            identifiers=pairs,
            birth_dates=_list("birth_dates") or _list("birthDate"),
            incorporation_dates=_list("incorporation_dates") or _list("incorporationDate"),
            topics=_list("topics"),
            genders=_list("genders") or _list("gender"),
        )


@dataclass(frozen=True, slots=True)
class Prepared:
    """A ``MatchInput`` with its names normalised once, for scoring many pairs."""

    input: MatchInput
    forms: tuple[NameForm, ...]
    mergeable_ids: frozenset[str]
    conflict_ids: Mapping[str, frozenset[str]]  # scheme -> keys, CONFLICT_SCHEMES only
    profile: Profile | None  # what the record says of its entity that another cannot share


def prepare(item: MatchInput) -> Prepared:
    names = item.names[:MAX_NAMES]
    forms = tuple(name_keys(n, item.schema) for n in names)
    by_scheme: dict[str, set[str]] = {}
    for key in item.identifiers:
        s = scheme_of(key)
        if s in CONFLICT_SCHEMES:
            by_scheme.setdefault(s, set()).add(key)
    mergeable = frozenset(k for k in item.identifiers if can_merge(k))
    conflict_ids = {s: frozenset(v) for s, v in by_scheme.items()}
    profile = None  # most records say nothing a conflict could use: no object for them
    if item.birth_dates or item.incorporation_dates or item.genders or item.countries or mergeable:
        profile = Profile(
            person=item.schema in PERSON_SCHEMATA,
            born=tuple(dict.fromkeys(d for d in map(date_parts, item.birth_dates) if d)),
            incorporated=tuple(
                dict.fromkeys(d for d in map(date_parts, item.incorporation_dates) if d)
            ),
            genders=tuple(sorted(item.genders & _GENDERS)),
            countries=item.countries,
            ids=mergeable,
            conflict_ids=conflict_ids or None,
        )
    return Prepared(
        input=item,
        forms=forms,
        mergeable_ids=mergeable,
        conflict_ids=conflict_ids,
        profile=profile,
    )
