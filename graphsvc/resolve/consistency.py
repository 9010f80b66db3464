"""What a cluster knows about the entity it describes, and when two clusters conflict.

Invariant: ``conflict`` is symmetric and looks at whole clusters, never at one pair of
records: chains of individually plausible links (a name-only record between two
namesakes) are how different people end up as one. A conflict is a reason in words;
``None`` means the two clusters may be joined.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

DateParts = tuple[int, ...]
T = TypeVar("T")


def date_parts(value: str) -> DateParts:
    """'1952-03-01' -> (1952, 3, 1); '1952' -> (1952,); the precision is what is given."""
    parts: list[int] = []
    for piece in value.strip()[:10].split("-"):
        if not piece.isdigit():
            break
        parts.append(int(piece))
    return tuple(parts)


def dates_agree(a: Iterable[DateParts], b: Iterable[DateParts]) -> bool | None:
    """True if some pair agrees at its common precision, False if every pair differs,
    None if either side has no date."""
    da = [d for d in a if d]
    db = [d for d in b if d]
    if not da or not db:
        return None
    for x in da:
        for y in db:
            n = min(len(x), len(y))
            if x[:n] == y[:n]:
                return True
    return False


def _list(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _show(dates: Iterable[DateParts]) -> str:
    return ", ".join(sorted("-".join(f"{p:02d}" for p in d) for d in dates))


@dataclass(frozen=True, slots=True)
class Profile:
    """The facts of a record, or of a whole cluster, that two entities cannot both have."""

    # Tuples, not sets, where a record has none or one: a million records' profiles
    # are held at once, and the empty tuple is shared.
    person: bool = False
    born: tuple[DateParts, ...] = ()
    incorporated: tuple[DateParts, ...] = ()
    genders: tuple[str, ...] = ()
    countries: frozenset[str] = frozenset()  # nationality (persons), jurisdiction (others)
    ids: frozenset[str] = frozenset()  # valid identifiers that merge on their own
    conflict_ids: Mapping[str, frozenset[str]] | None = None  # scheme -> keys

    def is_empty(self) -> bool:
        return not (
            self.born
            or self.incorporated
            or self.genders
            or self.countries
            or self.ids
            or self.conflict_ids
        )

    def join(self, other: Profile) -> Profile:
        ca, cb = self.conflict_ids or {}, other.conflict_ids or {}
        keys = {s: ca.get(s, frozenset()) | cb.get(s, frozenset()) for s in ca.keys() | cb.keys()}
        return Profile(
            person=self.person or other.person,
            born=_union(self.born, other.born),
            incorporated=_union(self.incorporated, other.incorporated),
            genders=_union(self.genders, other.genders),
            countries=self.countries | other.countries,
            ids=self.ids | other.ids,
            conflict_ids=keys or None,
        )


def _union(a: tuple[T, ...], b: tuple[T, ...]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(a + b)) if a and b else a or b


def conflict(a: Profile, b: Profile, *, by_identifier: bool = False) -> str | None:
    """Why the clusters with profiles ``a`` and ``b`` cannot be one entity, or None.

    ``by_identifier``: the link that would join them is a shared valid identifier,
    which outweighs differing countries or incorporation dates (a company moves its
    seat; a register and a list date a company differently) but not a different
    identifier of a one-per-entity scheme, a different birth date or gender.
    """
    if a.conflict_ids and b.conflict_ids:
        for scheme, keys in sorted(a.conflict_ids.items()):
            other = b.conflict_ids.get(scheme)
            if other and keys.isdisjoint(other):
                return f"different {scheme}: {_list(keys)} vs {_list(other)}"
    born = dates_agree(a.born, b.born)
    if born is False:
        return f"birth dates differ: {_show(a.born)} vs {_show(b.born)}"
    if a.genders and b.genders and set(a.genders).isdisjoint(b.genders):
        return f"genders differ: {_list(a.genders)} vs {_list(b.genders)}"
    if by_identifier or (a.ids and not a.ids.isdisjoint(b.ids)):
        return None
    if dates_agree(a.incorporated, b.incorporated) is False:
        return f"incorporation dates differ: {_show(a.incorporated)} vs {_show(b.incorporated)}"
    # A person's nationalities may differ between lists; a birth date that agrees
    # outweighs that. Organisations registered in different countries are different
    # companies unless an identifier says otherwise.
    if a.countries and b.countries and a.countries.isdisjoint(b.countries) and born is not True:
        what = "nationalities" if a.person or b.person else "jurisdictions"
        return f"{what} differ: {_list(a.countries)} vs {_list(b.countries)}"
    return None
