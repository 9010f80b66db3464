"""FollowTheMoney entities as JSON lines (OpenSanctions bulk ``entities.ftm.json``).

Each line is one entity: ``{"id", "schema", "properties": {prop: [values]},
"referents", "datasets", "first_seen", "last_seen", "last_change", ...}``.
Schemata and property names are FtM's already, so they pass through; entity
references become record ids in the same dataset, since an FtM export names
its entities by the exporter's ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from graphsvc.model import Record, record_id
from loaders._jsonstream import iter_json_lines
from loaders._refs import is_reference
from loaders.base import Loader
from loaders.dates import parse_date

_HEAD = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{\s*"(?:id|schema|caption)"\s*:')
_REFERENT_IDS: list[tuple[re.Pattern[str], str]] = [
    # OpenSanctions ids of list entries that are the list's own number.
    (re.compile(r"^ofac-(\d+)$"), "ofacId"),
    (re.compile(r"^(Q\d+)$"), "wikidataId"),
]
_ENTITY_URL = "https://www.opensanctions.org/entities/{}/"


class FtmLoader(Loader):
    format: ClassVar[str] = "ftm"
    dataset: ClassVar[str] = "opensanctions"
    title: ClassVar[str] = "FollowTheMoney entities, one JSON object a line (OpenSanctions)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        if _HEAD.match(head) is None:
            return False
        first = head.split(b"\n", 1)[0]
        return b'"schema"' in first and b'"properties"' in first

    def read(self) -> Iterator[Record]:
        count = 0
        for lineno, entity in iter_json_lines(self.path):
            count += 1
            yield self._record(lineno, entity)
        if count == 0:
            raise self.error(1, "the file is empty")

    def _record(self, lineno: int, entity: Any) -> Record:
        if not isinstance(entity, dict):
            raise self.error(lineno, "an FtM entity must be a JSON object")
        entity_id, schema = entity.get("id"), entity.get("schema")
        if not isinstance(entity_id, str) or not entity_id.strip():
            raise self.error(lineno, "entity without an id")
        if not isinstance(schema, str) or not schema.strip():
            raise self.error(lineno, f"entity {entity_id} without a schema")
        props = entity.get("properties") or {}
        if not isinstance(props, dict):
            raise self.error(lineno, f"entity {entity_id}: properties must be an object")
        record = Record.of(
            self.dataset_name, entity_id, schema, origin=f"{self.path.name}:{lineno}", raw=entity
        )
        for prop, values in props.items():
            texts = _strings(values)
            if texts is None:
                raise self.error(lineno, f"entity {entity_id}: {prop} is not a list of strings")
            if is_reference(schema, prop):
                texts = [record_id(self.dataset_name, v) for v in texts if v.strip()]
            if prop == "country":
                texts = [v.lower() for v in texts]
            record.add(prop, *texts)
        self._add_meta(record, entity, lineno)
        return record

    def _add_meta(self, record: Record, entity: dict[str, Any], lineno: int) -> None:
        referents = _strings(entity.get("referents") or [])
        datasets = _strings(entity.get("datasets") or [])
        if referents is None or datasets is None:
            raise self.error(lineno, f"entity {record.source_id}: bad referents or datasets")
        record.add("referents", *referents)
        for ref in referents:
            for pattern, prop in _REFERENT_IDS:
                if m := pattern.match(ref):
                    record.add(prop, m.group(1))
        record.add("datasets", *datasets)
        for key, prop in (("first_seen", "firstSeen"), ("last_seen", "lastSeen")):
            if isinstance(value := entity.get(key), str):
                record.add(prop, value)
        if isinstance(last_change := entity.get("last_change"), str):
            record.add("modifiedAt", last_change)
        # ``last_seen`` is the run of the export this line comes from: its edition.
        last_seen = entity.get("last_seen")
        record.published = parse_date(last_seen) if isinstance(last_seen, str) else None
        if datasets:
            # Only OpenSanctions exports carry ``datasets``; their ids have pages.
            record.source_url = _ENTITY_URL.format(record.source_id)


def _strings(values: Any) -> list[str] | None:
    if isinstance(values, str):
        return [values]
    if isinstance(values, list) and all(isinstance(v, str) for v in values):
        return list(values)
    return None
