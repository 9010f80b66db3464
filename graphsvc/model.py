"""The shapes every part of graphsvc speaks: source records and the graph model.

A ``Record`` is one entity or relationship exactly as a source file stated it,
in FollowTheMoney (FtM) vocabulary: a schema name and multi-valued string
properties. Loaders produce records; the store keeps every one of them; the
resolver groups records of the same real thing into one canonical entity.

Relationship records (``Ownership``, ``Directorship``, ...) name their two
ends by record id in the properties listed in ``EDGE_SCHEMATA``; reference
properties of ordinary records (``Sanction.entity``, ``Contract.authority``)
are listed in ``REFERENCE_PROPERTIES``. Both become typed edges between
canonical entities; the record ids behind each edge are kept on it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The lists below choose what the graph holds; what each schema is (ancestry,
# matchability, references) is FtM's model in graphsvc.schemata, and
# tests/test_schemata.py checks these lists against it.
#
# Node schemata that may become a label on an :Entity node. FtM names where
# FtM has one; the last group is graphsvc's own (see docs/data-model.md).
ENTITY_SCHEMATA: frozenset[str] = frozenset(
    {
        # FtM
        "Thing",
        "LegalEntity",
        "Organization",
        "Company",
        "PublicBody",
        "Person",
        "Position",
        "Address",
        "Sanction",
        "Contract",
        "Vessel",
        "Airplane",
        "Security",
        "Identification",
        "Passport",
        # graphsvc additions: test programmes, prizes challenges, products
        "Programme",
        "Product",
    }
)

# Schemata whose records are matched against each other by the resolver.
MATCHABLE_SCHEMATA: frozenset[str] = frozenset(
    {
        "LegalEntity",
        "Organization",
        "Company",
        "PublicBody",
        "Person",
        "Vessel",
        "Airplane",
        # Programmes and products are named by several sources too.
        "Programme",
        "Product",
    }
)

# Relationship ("interval") schemata: record schema -> (source property,
# target property, edge type). The edge points source -> target.
EDGE_SCHEMATA: Mapping[str, tuple[str, str, str]] = {
    # FtM
    "Ownership": ("owner", "asset", "OWNERSHIP"),
    "Directorship": ("director", "organization", "DIRECTORSHIP"),
    "Employment": ("employee", "employer", "EMPLOYMENT"),
    "Membership": ("member", "organization", "MEMBERSHIP"),
    "Representation": ("agent", "client", "REPRESENTATION"),
    "Occupancy": ("holder", "post", "OCCUPANCY"),
    "Family": ("person", "relative", "FAMILY"),
    "Associate": ("person", "associate", "ASSOCIATE"),
    "Succession": ("predecessor", "successor", "SUCCESSION"),
    "ContractAward": ("supplier", "contract", "CONTRACT_AWARD"),
    "UnknownLink": ("subject", "object", "UNKNOWN_LINK"),
    # graphsvc additions
    "Participation": ("participant", "programme", "PARTICIPATION"),
    "PrizeAward": ("recipient", "programme", "PRIZE_AWARD"),
    "Development": ("developer", "product", "DEVELOPMENT"),
    "Usage": ("user", "product", "USAGE"),
    "Supply": ("supplier", "customer", "SUPPLY"),
}

# Reference properties on node records: (schema, property) -> edge type, the
# edge pointing from the record's entity to the referenced entity.
REFERENCE_PROPERTIES: Mapping[tuple[str, str], str] = {
    ("Sanction", "entity"): "SANCTIONS",
    ("Contract", "authority"): "AWARDED_BY",
    ("Position", "organization"): "POSITION_AT",
    ("Identification", "holder"): "IDENTIFIES",
    ("Passport", "holder"): "IDENTIFIES",
    ("Security", "issuer"): "ISSUED_BY",
    ("Product", "developer"): "DEVELOPED_BY",
}

# Every relationship type that may appear in the graph: the allowlist that
# Cypher built from configuration is checked against.
EDGE_TYPES: frozenset[str] = frozenset(
    {t for (_s, _t, t) in EDGE_SCHEMATA.values()} | set(REFERENCE_PROPERTIES.values())
)

# The links a path may follow: all but SANCTIONS, as a Sanction is a listing,
# not a link between parties (paths/shortest_one lists the same in its pattern).
PATH_TYPES: tuple[str, ...] = tuple(sorted(EDGE_TYPES - {"SANCTIONS"}))

# Properties that carry identifiers, with the scheme each one stands for.
# The resolver validates check digits where a scheme has them.
IDENTIFIER_PROPERTIES: Mapping[str, str] = {
    "innCode": "inn",
    "ogrnCode": "ogrn",
    "kppCode": "kpp",
    "leiCode": "lei",
    "registrationNumber": "reg",
    "taxNumber": "tax",
    "ofacId": "ofac",
    "euReference": "eu",
    "ukId": "uk",
    "unReference": "un",
    "wikidataId": "wikidata",
    "swiftBic": "bic",
    "imoNumber": "imo",
    "okpoCode": "okpo",
    "idNumber": "id",
    "passportNumber": "passport",
    "isinCode": "isin",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """Where a statement was published: enough to cite it in a case file."""

    publisher: str
    published: str | None = None  # ISO date, precision kept (YYYY, YYYY-MM, YYYY-MM-DD)
    url: str | None = None
    title: str | None = None
    quote: str | None = None

    def to_dict(self) -> dict[str, str]:
        return {
            name: value
            for name in ("publisher", "published", "url", "title", "quote")
            if (value := getattr(self, name)) is not None
        }


@dataclass(slots=True)
class Record:
    """One source record as read.

    ``id`` is unique across all sources: ``"{dataset}:{source_id}"`` by
    convention (see ``record_id``). ``origin`` names the place in the file
    that supports it (``"sdn.xml:1234"``, ``"sdn.csv:row 17"``). ``raw`` holds
    the record's fields exactly as read, for display and re-processing.
    """

    id: str
    schema: str
    dataset: str
    source_id: str
    properties: dict[str, list[str]] = field(default_factory=dict)
    source_url: str | None = None
    published: str | None = None  # when the source published this edition
    retrieved: str | None = None  # when graphsvc read it, if the file does not say
    origin: str | None = None
    raw: dict[str, Any] | None = None
    citations: list[Citation] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        dataset: str,
        source_id: str,
        schema: str,
        *,
        source_url: str | None = None,
        published: str | None = None,
        origin: str | None = None,
        raw: dict[str, Any] | None = None,
    ) -> Record:
        """A record with the conventional id for its dataset and source id."""
        return cls(
            id=record_id(dataset, source_id),
            schema=schema,
            dataset=dataset,
            source_id=source_id,
            source_url=source_url,
            published=published,
            origin=origin,
            raw=raw,
        )

    def add(self, prop: str, *values: str | None) -> None:
        """Add non-empty, stripped values to a property, keeping order, no repeats."""
        bucket = self.properties.setdefault(prop, [])
        for value in values:
            if value is None:
                continue
            text = value.strip()
            if text and text not in bucket:
                bucket.append(text)
        if not bucket:
            del self.properties[prop]

    def first(self, prop: str) -> str | None:
        values = self.properties.get(prop)
        return values[0] if values else None

    @property
    def is_edge(self) -> bool:
        return self.schema in EDGE_SCHEMATA

    def content_hash(self) -> str:
        """A digest of what the record says, so reloading it is a no-op.

        The edition it came in (``published``) and the list's address are
        left out: an entry that a newer edition repeats unchanged is the same
        record, seen again (its last_seen moves on), not an update.
        """
        payload = {
            "schema": self.schema,
            "properties": {k: sorted(v) for k, v in sorted(self.properties.items())},
            "raw": self.raw,
            "citations": [c.to_dict() for c in self.citations],
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha1(blob.encode("utf-8")).hexdigest()


def record_id(dataset: str, source_id: str) -> str:
    """The conventional record id: dataset and the source's own id."""
    return f"{dataset}:{source_id}"


def derived_id(parent: str, *parts: str) -> str:
    """A stable id for a record derived from another (a sanction of an entry, an alias link)."""
    digest = hashlib.sha1("|".join((parent, *parts)).encode("utf-8")).hexdigest()[:12]
    return f"{parent}#{digest}"


def names_of(record: Record) -> list[str]:
    """Every name a record gives, primary names first."""
    out: list[str] = []
    for prop in ("name", "alias", "previousName", "weakAlias"):
        for value in record.properties.get(prop, ()):
            if value not in out:
                out.append(value)
    return out


def identifiers_of(record: Record) -> Iterable[tuple[str, str]]:
    """(scheme, value) for every identifier property of a record."""
    for prop, scheme in IDENTIFIER_PROPERTIES.items():
        for value in record.properties.get(prop, ()):
            yield scheme, value
