"""A claim: one entity or relationship a source states, with its citations.

One model for both ways claims come in: claims files (``loaders/claims.py``,
which first turns the file's sources, local ids and date spellings into the
values below) and the ``addClaim`` mutation. Either way a claim is checked by
the same rules (docs/claims.md), and a refusal is one sentence naming what to
fix: ``InvalidClaim``, a ``BadRequest`` (HTTP 400), which a loader reports as
an error at the claim's place in the file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic import model_validator as _model_validator

from graphsvc.errors import BadRequest
from graphsvc.model import EDGE_SCHEMATA, ENTITY_SCHEMATA, REFERENCE_PROPERTIES, Citation, Record

CLAIMS_DATASET = "claims"
MAX_ID_CHARS = 200
MAX_CLAIM_VALUES = 200
MAX_VALUE_CHARS = 5000

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class InvalidClaim(BadRequest):
    """A claim breaks a rule of docs/claims.md; the message says which."""


def is_iso_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or day."""
    match = _ISO_DATE.match(text)
    if match is None:
        return False
    year, month, day = match.group(1, 2, 3)
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def is_date_property(prop: str) -> bool:
    return prop == "date" or prop.endswith("Date")


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text")
    return value.strip()


class ClaimCitation(BaseModel):
    """Where a claim was published, and the sentence that supports it."""

    model_config = ConfigDict(frozen=True)

    publisher: str
    published: str
    quote: str
    url: str | None = None
    title: str | None = None

    @_model_validator(mode="before")
    @classmethod
    def _fields(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("a citation is a mapping (publisher, published, quote, url, title)")
        out: dict[str, str | None] = {}
        for key in ("publisher", "published", "quote"):
            out[key] = _text(data.get(key), f"'{key}'")
            if not out[key]:
                raise ValueError(f"a claim needs a citation with a '{key}'")
        published = str(out["published"])
        if not is_iso_date(published):
            raise ValueError(f"'published' is not YYYY[-MM[-DD]]: {published[:40]}")
        for key in ("url", "title"):
            out[key] = _text(data.get(key), f"'{key}'") or None
        return out

    def citation(self) -> Citation:
        return Citation(self.publisher, self.published, self.url, self.title, self.quote)


class Claim(BaseModel):
    """A claim as checked: build one with ``Claim.parse``."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    id: str
    schema_: str = Field(alias="schema")
    dataset: str = CLAIMS_DATASET
    properties: dict[str, list[str]] = Field(default_factory=dict)
    citations: list[ClaimCitation]

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: Any) -> str:
        text = _text(value, "'id'") if not isinstance(value, int | float) else str(value)
        if not text or len(text) > MAX_ID_CHARS:
            raise ValueError(f"a claim needs an 'id' of 1 to {MAX_ID_CHARS} characters")
        return text

    @field_validator("schema_", mode="before")
    @classmethod
    def _schema(cls, value: Any) -> str:
        text = _text(value, "'schema'")
        if not text:
            raise ValueError("a claim needs a 'schema'")
        if text not in ENTITY_SCHEMATA and text not in EDGE_SCHEMATA:
            raise ValueError(f"unknown schema {text[:100]!r} (see docs/data-model.md)")
        return text

    @field_validator("dataset", mode="before")
    @classmethod
    def _dataset(cls, value: Any) -> str:
        # whether the dataset may take claims is the store's to say (claims_refusal)
        return _text(value, "'dataset'") or CLAIMS_DATASET

    @field_validator("properties", mode="before")
    @classmethod
    def _properties(cls, value: Any) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("'properties' must be a mapping of lists of strings")
        out: dict[str, list[str]] = {}
        count = 0
        for prop, values in value.items():
            items = values if isinstance(values, list) else [values]
            texts: list[str] = []
            for item in items:
                if isinstance(item, bool) or not isinstance(item, str | int | float):
                    raise ValueError(f"{prop}: values must be strings or a list of strings")
                text = str(item).strip()
                if len(text) > MAX_VALUE_CHARS:
                    raise ValueError(f"{prop}: a value is over {MAX_VALUE_CHARS} characters")
                count += 1
                if text and text not in texts:
                    texts.append(text)
            if texts:
                out[str(prop)] = texts
        if count > MAX_CLAIM_VALUES:
            raise ValueError(f"a claim may have at most {MAX_CLAIM_VALUES} property values")
        return out

    @field_validator("citations", mode="before")
    @classmethod
    def _citations(cls, value: Any) -> Any:
        if not isinstance(value, list) or not value:
            raise ValueError("a claim needs at least one citation")
        return value

    @_model_validator(mode="after")
    def _references(self) -> Claim:
        schema, props = self.schema_, self.properties
        refs = [p for (s, p) in REFERENCE_PROPERTIES if s == schema]
        ends = EDGE_SCHEMATA.get(schema)
        if ends is not None:
            for end in ends[:2]:
                if end not in props:
                    raise ValueError(f"a {schema} claim needs '{end}'")
            refs += ends[:2]
        for prop in refs:
            for target in props.get(prop, []):
                dataset, _, local = target.partition(":")
                if not dataset or not local:
                    raise ValueError(f"{prop}: {target!r} is not a record id such as "
                                     "moscow-case:synesis")  # fmt: skip
        for prop, values in props.items():
            for value in values if is_date_property(prop) else []:
                if not is_iso_date(value):
                    raise ValueError(f"{prop}: {value[:40]!r} is not a date (YYYY[-MM[-DD]])")
        return self

    @classmethod
    def parse(cls, data: Any) -> Claim:
        """The claim in ``data`` (a mapping), or InvalidClaim saying what is wrong."""
        if not isinstance(data, dict):
            raise InvalidClaim("a claim is a mapping (id, schema, properties, citations)")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidClaim(_first_message(exc)) from None

    @property
    def record_id(self) -> str:
        return f"{self.dataset}:{self.id}"

    def record(self, *, origin: str | None = None, raw: dict[str, Any] | None = None) -> Record:
        """The claim as a source record, dated by its latest citation."""
        rec = Record.of(self.dataset, self.id, self.schema_, origin=origin, raw=raw)
        for prop, values in self.properties.items():
            rec.add(prop, *values)
        rec.citations = [c.citation() for c in self.citations]
        rec.published = max(c.published for c in self.citations)
        urls = [c.url for c in self.citations if c.url]
        rec.source_url = urls[0] if urls else None
        return rec


def _first_message(exc: ValidationError) -> str:
    """The first error's own sentence (pydantic's prefix and locations dropped)."""
    error = exc.errors(include_url=False)[0]
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, ValueError):
        return str(cause)
    where = ".".join(str(part) for part in error["loc"] if part != "schema_") or "claim"
    return f"{where}: {error['msg']}"
