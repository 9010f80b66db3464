"""Investigator claims YAML (docs/claims.md): facts written down by hand, each cited.

Files are small and hand-written, so they are read whole (``loaders._yaml``:
no anchors or aliases); every rule of docs/claims.md is checked and a failure names the claim.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

from graphsvc.claims import Claim, InvalidClaim, is_date_property
from graphsvc.model import Record, record_id
from loaders._refs import is_reference
from loaders._yaml import load_yaml
from loaders.base import Loader
from loaders.dates import parse_date

_MARKER = re.compile(rb"^graphsvc:\s*[\"']?claims/1[\"']?\s*(?:#.*)?$", re.MULTILINE)
_ISO_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class ClaimsLoader(Loader):
    format: ClassVar[str] = "claims"
    dataset: ClassVar[str] = "claims"
    title: ClassVar[str] = "Investigator claims YAML (graphsvc: claims/1), every fact cited"
    kind: ClassVar[Literal["list", "claims"]] = "claims"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _MARKER.search(head.removeprefix(b"\xef\xbb\xbf")) is not None

    def read(self) -> Iterator[Record]:
        doc = self._load()
        if doc.get("graphsvc") != "claims/1":
            raise self.error(None, "not a claims file: the first key must be 'graphsvc: claims/1'")
        dataset = doc.get("dataset")
        if dataset is not None and (not isinstance(dataset, str) or not dataset.strip()):
            raise self.error(None, "'dataset' must be a name")
        # The file names its dataset unless the caller chose one.
        if dataset and self.dataset_name == self.dataset:
            self.dataset_name = dataset.strip()
        sources = self._sources(doc.get("sources"))
        claims = doc.get("claims")
        if not isinstance(claims, list) or not claims:
            raise self.error(None, "'claims' must be a non-empty list")
        local_ids = {str(c["id"]) for c in claims if isinstance(c, dict) and c.get("id")}
        seen: set[str] = set()
        for index, claim in enumerate(claims, 1):
            record = self._claim(index, claim, sources, local_ids)
            if record.source_id in seen:
                raise self.error(f"claim {record.source_id}", "the id is used twice")
            seen.add(record.source_id)
            yield record

    def _load(self) -> dict[str, Any]:
        doc = load_yaml(self.path)
        if doc is None:
            raise self.error(1, "the file is empty")
        if not isinstance(doc, dict):
            raise self.error(1, "a claims file is a YAML mapping")
        return doc

    def _plain(self, where: str, claim: Any) -> Any:
        """The claim as JSON-serialisable data (YAML dates become text).

        A claim is small: one beyond the budget is refused, not copied whole
        into the record.
        """
        budget = [_MAX_NODES]

        def walk(value: Any) -> Any:
            budget[0] -= 1
            if budget[0] < 0:
                raise self.error(where, f"the claim has more than {_MAX_NODES} values")
            if isinstance(value, dict):
                return {str(k): walk(v) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            return value

        return walk(claim)

    def _sources(self, raw: Any) -> dict[str, dict[str, str]]:
        if not isinstance(raw, dict) or not raw:
            raise self.error(None, "'sources' must be a mapping of citation keys")
        sources: dict[str, dict[str, str]] = {}
        for key, source in raw.items():
            where = f"source {key}"
            if not isinstance(source, dict):
                raise self.error(where, "a source is a mapping (publisher, published, url, title)")
            fields = {k: _text(v) for k, v in source.items() if v is not None}
            if not fields.get("publisher"):
                raise self.error(where, "a source needs a 'publisher'")
            published = fields.get("published")
            if not published:
                raise self.error(where, "a source needs a 'published' date")
            if not _ISO_DATE.match(published) or parse_date(published) != published:
                raise self.error(where, f"'published' is not YYYY[-MM[-DD]]: {published}")
            sources[str(key)] = fields
        return sources

    def _claim(
        self, index: int, claim: Any, sources: dict[str, dict[str, str]], local_ids: set[str]
    ) -> Record:
        """The file's spellings made plain (sources, local ids, dates), then the
        claim checked by the one model the API uses too (graphsvc.claims)."""
        if not isinstance(claim, dict):
            raise self.error(f"claim #{index}", "a claim is a mapping (id, schema, cite)")
        claim_id = _text(claim.get("id")) if claim.get("id") is not None else ""
        where = f"claim {claim_id}" if claim_id else f"claim #{index}"
        raw = self._plain(where, claim)
        schema = claim.get("schema")
        props = claim.get("properties") or {}
        if not isinstance(props, dict):
            raise self.error(where, "'properties' must be a mapping")
        properties: dict[str, list[str]] = {}
        for prop, values in props.items():
            texts = _values(values)
            if texts is None:
                raise self.error(where, f"{prop}: values must be strings or a list of strings")
            if isinstance(schema, str) and is_reference(schema.strip(), str(prop)):
                texts = [self._reference(where, prop, v, local_ids) for v in texts]
            elif is_date_property(str(prop)):
                texts = [self._date(where, prop, v) for v in texts]
            properties[str(prop)] = texts
        data = {
            "id": claim_id,
            "schema": schema,
            "dataset": self.dataset_name,
            "properties": properties,
            "citations": self._citations(where, claim.get("cite"), sources),
        }
        try:
            checked = Claim.parse(data)
        except InvalidClaim as exc:
            raise self.error(where, str(exc)) from None
        return checked.record(origin=f"{self.path.name}:claim {claim_id}", raw=raw)

    def _date(self, where: str, prop: Any, value: str) -> str:
        parsed = parse_date(value)
        if parsed is None:
            raise self.error(where, f"{prop}: {value!r} is not a date")
        return parsed

    def _reference(self, where: str, prop: Any, value: str, local_ids: set[str]) -> str:
        if ":" in value:
            dataset, _, source_id = value.partition(":")
            if not dataset or not source_id:
                raise self.error(where, f"{prop}: {value!r} is not a record id")
            return value
        if value not in local_ids:
            raise self.error(where, f"{prop}: {value!r} is no claim in this file")
        return record_id(self.dataset_name, value)

    def _citations(
        self, where: str, cite: Any, sources: dict[str, dict[str, str]]
    ) -> list[dict[str, str | None]]:
        """Each citation as its source's fields and its own quote (and url, title)."""
        items = [cite] if isinstance(cite, dict) else cite
        if not isinstance(items, list) or not items:
            raise self.error(where, "a claim needs at least one citation under 'cite'")
        out: list[dict[str, str | None]] = []
        for item in items:
            if not isinstance(item, dict):
                raise self.error(where, "a citation is a mapping with 'source' and 'quote'")
            key = _text(item.get("source")) if item.get("source") is not None else ""
            if key not in sources:
                raise self.error(where, f"citation source {key!r} is not listed under 'sources'")
            quote = _text(item.get("quote")) if item.get("quote") is not None else ""
            if not quote.strip():
                raise self.error(where, f"the citation of {key} needs a 'quote'")
            src = sources[key]
            out.append(
                {
                    "publisher": src["publisher"],
                    "published": src["published"],
                    "url": _opt(item.get("url")) or src.get("url"),
                    "title": _opt(item.get("title")) or src.get("title"),
                    "quote": quote,
                }
            )
        return out


_MAX_NODES = 10_000


def _text(value: Any) -> str:
    """YAML scalars as their text: dates ISO, numbers as written."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _values(values: Any) -> list[str] | None:
    items = values if isinstance(values, list) else [values]
    if any(v is None or isinstance(v, (dict, list)) for v in items):
        return None
    return [_text(v) for v in items]


def _opt(value: Any) -> str | None:
    return None if value is None else _text(value)
