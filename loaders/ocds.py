"""Open Contracting Data Standard release packages and record packages.

A package is one JSON object whose ``releases`` (or ``records``) array can be
large; it is streamed item by item (``loaders._jsonstream``), so only one
release is held at a time. Package metadata (``uri``, ``publishedDate``) is
applied to the releases that follow it, which is where OCDS puts it; a file of
packages one a line (JSON lines) is read the same way.

Per release: every party -> PublicBody (buyer, procuring entity), Company
(supplier, tenderer) or Organization; every contract (or an award without a
contract) -> a Contract with ``authority`` = the buyer; each award supplier ->
a ContractAward (supplier -> contract).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from graphsvc.model import Record, derived_id
from loaders._jsonstream import iter_json
from loaders._orgid import add_identifier
from loaders.base import Loader
from loaders.dates import parse_date

_HEAD = re.compile(rb'"(?:releases|records)"\s*:\s*\[')
_PUBLIC_ROLES = {"buyer", "procuringEntity", "funder", "reviewBody", "enquirer"}
_COMPANY_ROLES = {"supplier", "tenderer", "payee"}


class OcdsLoader(Loader):
    format: ClassVar[str] = "ocds"
    dataset: ClassVar[str] = "ocds"
    title: ClassVar[str] = "Open Contracting (OCDS) release or record packages, JSON"
    # a party (by its org id) is restated in every release that names it
    restates: ClassVar[bool] = True

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _HEAD.search(head) is not None and b'"ocid"' in head

    def read(self) -> Iterator[Record]:
        meta: dict[str, Any] = {}
        count = 0
        for item in iter_json(self.path, member_arrays=frozenset({"releases", "records"})):
            if item.key in ("releases", "records"):
                count += 1
                release = _release_of(item.value) if item.key == "records" else item.value
                if release is None:
                    continue  # a record of linked releases only: nothing stated here
                yield from _Release(self, meta, item.line, release).records()
            elif item.key is None:
                raise self.error(item.line, "not an OCDS package: expected a JSON object")
            else:
                meta[item.key] = item.value
        if count == 0:
            raise self.error(None, "no releases or records in the package")


def _release_of(record: Any) -> Any:
    """A record package item's compiled release, or its last embedded release."""
    if not isinstance(record, dict):
        return record
    if isinstance(record.get("compiledRelease"), dict):
        return record["compiledRelease"]
    embedded = [r for r in record.get("releases") or [] if isinstance(r, dict) and "ocid" in r]
    return embedded[-1] if embedded else None


class _Release:
    """Maps one release; parties are looked up by their release-local ``id``."""

    def __init__(self, loader: OcdsLoader, meta: dict[str, Any], line: int, release: Any) -> None:
        if not isinstance(release, dict):
            raise loader.error(line, "a release must be a JSON object")
        ocid = release.get("ocid")
        if not isinstance(ocid, str) or not ocid.strip():
            raise loader.error(line, "release without an ocid")
        self.loader = loader
        self.ds = loader.dataset_name
        self.release = release
        self.ocid = ocid.strip()
        self.line = line
        self.origin = f"{loader.path.name}:{line}"
        uri = meta.get("uri")
        self.source_url = uri if isinstance(uri, str) else None
        self.published = parse_date(_str(meta.get("publishedDate"))) or parse_date(
            _str(release.get("date"))
        )
        self.party_ids: dict[str, str] = {}

    def new(self, schema: str, source_id: str, raw: dict[str, Any]) -> Record:
        return Record.of(
            self.ds, source_id, schema, source_url=self.source_url, published=self.published,
            origin=self.origin, raw=raw,
        )  # fmt: skip

    def records(self) -> Iterator[Record]:
        for party in _dicts(self.release.get("parties")):
            yield self.party(party, set(_strs(party.get("roles"))))
        buyer = self.release.get("buyer")
        buyer_id = None
        if isinstance(buyer, dict):
            buyer_id = self.party_ids.get(str(buyer.get("id")))
            if buyer_id is None and (buyer.get("name") or buyer.get("identifier")):
                # OCDS 1.0 gave the buyer in full instead of a parties entry.
                rec = self.party(buyer, {"buyer"})
                buyer_id = rec.id
                yield rec
        contracts = list(_dicts(self.release.get("contracts")))
        for award in _dicts(self.release.get("awards")):
            yield from self.award(award, contracts, buyer_id)
        awarded = {str(a.get("id")) for a in _dicts(self.release.get("awards"))}
        for contract in contracts:
            if str(contract.get("awardID")) not in awarded:
                yield self.contract(contract, None, buyer_id)

    def party(self, party: dict[str, Any], roles: set[str]) -> Record:
        identifier = _dict(party.get("identifier"))
        scheme, ident = _str(identifier.get("scheme")), _str(identifier.get("id"))
        local = _str(party.get("id"))
        if scheme and ident:
            source_id = f"{scheme}-{ident}"  # org-id style: the same body across releases
        elif local:
            source_id = f"{self.ocid}/party/{local}"
        else:
            raise self.loader.error(self.line, f"release {self.ocid}: a party without id")
        schema = "Organization"
        if roles & _PUBLIC_ROLES:
            schema = "PublicBody"
        elif roles & _COMPANY_ROLES:
            schema = "Company"
        rec = self.new(schema, source_id, _small(party, ("contactPoint",)))
        rec.add("name", _str(party.get("name")))
        rec.add("name", _str(identifier.get("legalName")))
        rec.add("role", *sorted(roles))
        rec.add("website", _str(identifier.get("uri")))
        for ident_obj in [identifier, *_dicts(party.get("additionalIdentifiers"))]:
            add_identifier(rec, _str(ident_obj.get("scheme")), _str(ident_obj.get("id")))
        address = party.get("address")
        if isinstance(address, dict):
            parts = ("streetAddress", "locality", "region", "postalCode", "countryName")
            rec.add("address", ", ".join(p for k in parts if (p := _str(address.get(k)))))
            country = _str(address.get("country"))
            rec.add("country", country.lower() if country and len(country) == 2 else None)
        if local:
            self.party_ids[local] = rec.id
        return rec

    def award(
        self, award: dict[str, Any], contracts: list[dict[str, Any]], buyer_id: str | None
    ) -> Iterator[Record]:
        award_id = _str(award.get("id")) or "award"
        mine = [c for c in contracts if _str(c.get("awardID")) == award_id]
        # An award not (yet) followed by a contract still binds buyer and supplier.
        targets = [self.contract(c, award, buyer_id) for c in mine] or [
            self.contract(award, award, buyer_id, kind="award")
        ]
        yield from targets
        for supplier in _dicts(award.get("suppliers")):
            supplier_id = self.party_ids.get(str(supplier.get("id")))
            if supplier_id is None:
                rec = self.party(supplier, {"supplier"})
                supplier_id = rec.id
                yield rec
            for contract in targets:
                link = self.new(
                    "ContractAward",
                    derived_id(contract.source_id, supplier_id),
                    {"award": _small(award, ("items", "documents")), "supplier": supplier},
                )
                link.add("supplier", supplier_id)
                link.add("contract", contract.id)
                _value(link, award.get("value"))
                link.add("date", parse_date(_str(award.get("date"))))
                link.add("status", _str(award.get("status")))
                link.add("summary", _str(award.get("title")))
                yield link

    def contract(
        self,
        contract: dict[str, Any],
        award: dict[str, Any] | None,
        buyer_id: str | None,
        kind: str = "contract",
    ) -> Record:
        local = _str(contract.get("id")) or "1"
        rec = self.new("Contract", f"{self.ocid}/{kind}/{local}", _small(contract, ("items",)))
        tender = _dict(self.release.get("tender"))
        rec.add("title", _str(contract.get("title")) or _str(tender.get("title")))
        rec.add("name", _str(contract.get("title")) or _str(tender.get("title")))
        rec.add("description", _str(contract.get("description")))
        _value(rec, contract.get("value"))
        rec.add("signDate", parse_date(_str(contract.get("dateSigned"))))
        period = contract.get("period") or contract.get("contractPeriod")
        if isinstance(period, dict):
            rec.add("startDate", parse_date(_str(period.get("startDate"))))
            rec.add("endDate", parse_date(_str(period.get("endDate"))))
        rec.add("authority", buyer_id)
        rec.add("procurementNumber", self.ocid)
        rec.add("contractId", local)
        rec.add("status", _str(contract.get("status")))
        rec.add("method", _str(tender.get("procurementMethod")))
        for item in _dicts(contract.get("items")) or _dicts((award or {}).get("items")):
            cls = item.get("classification")
            if isinstance(cls, dict) and _str(cls.get("id")):
                rec.add("classification", f"{cls.get('scheme') or ''} {cls.get('id')}".strip())
        return rec


def _value(rec: Record, value: Any) -> None:
    if isinstance(value, dict) and value.get("amount") is not None:
        rec.add("amount", _str(value.get("amount")))
        rec.add("currency", _str(value.get("currency")))


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def _strs(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _small(obj: dict[str, Any], drop: tuple[str, ...]) -> dict[str, Any]:
    """The object as read, minus bulky or personal sub-objects."""
    return {k: v for k, v in obj.items() if k not in drop}
