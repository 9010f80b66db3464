"""Russian federal procurement contracts (EIS, zakupki.gov.ru, 44-FZ) as XML.

The contract register on ftp.zakupki.gov.ru publishes ``<export><contract>``
files (usually one contract each, zipped; unzip first). Per contract: the
customer -> PublicBody, each supplier -> Company (or Person for individual
entrepreneurs), the contract -> Contract (``authority`` = customer), and a
ContractAward per supplier. Organisations get ids from their INN, so the same
customer or supplier across thousands of contracts is one record.

Three supplier layouts are read: ``legalEntityRF/EGRULInfo`` (current),
``legalEntityRF`` with direct children (older) and the flat pre-2014 one
(``inn``/``kpp``/``organizationName``); plus individuals and foreign firms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from xml.etree.ElementTree import Element

from graphsvc.model import Record, derived_id
from loaders.base import Loader
from loaders.dates import parse_date
from loaders.xmlstream import find, iterparse, local

_NS = re.compile(rb"zakupki\.gov\.ru/oos/(?:export|types)/1")
_CONTRACT = re.compile(rb"<(?:\w+:)?contract[\s>]")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_STAGES = {"E": "execution", "EC": "completed", "ET": "terminated", "IN": "annulled"}
_SOURCE_URL = "https://zakupki.gov.ru/epz/contract/contractCard/common-info.html?reestrNumber={}"


def iter_depth(path: Path, depth: int) -> Iterator[Element]:
    """Each complete element ``depth`` levels below the root, cleared afterwards.

    By depth rather than name: a ``contract`` element may contain other
    elements of the same name in some schema versions.
    """
    level = -1
    for event, elem in iterparse(path, str(path), ("start", "end")):
        if event == "start":
            level += 1
            continue
        if level == depth:
            yield elem
            elem.clear()
        level -= 1


def _t(elem: Element | None, *names: str) -> str | None:
    """Text of the first direct child whose local name is one of ``names`` (any case)."""
    if elem is None:
        return None
    wanted = {n.lower() for n in names}
    for child in elem:
        if local(child.tag).lower() in wanted and child.text and child.text.strip():
            return child.text.strip()
    return None


def _either(first: Element | None, fallback: Element) -> Element:
    # Not ``or``: an element without children is false.
    return fallback if first is None else first


def _date(text: str | None) -> str | None:
    """EIS dates carry a zone (``2020-01-01+03:00``); the day is what was stated."""
    m = _DATE.match(text or "")
    return parse_date(m.group(1)) if m else None


def _flat(elem: Element | None) -> dict[str, Any]:
    """Leaf texts by local name, for ``raw``."""
    out: dict[str, Any] = {}
    if elem is None:
        return out
    for child in elem:
        name = local(child.tag)
        if len(child):
            out[name] = _flat(child)
        elif child.text and child.text.strip():
            out[name] = child.text.strip()
    return out


class Eis44fzLoader(Loader):
    format: ClassVar[str] = "eis-44fz"
    dataset: ClassVar[str] = "ru_zakupki"
    title: ClassVar[str] = "Russian federal procurement (EIS 44-FZ) contract XML"
    # a customer or supplier (by INN) is restated in every contract naming it
    restates: ClassVar[bool] = True

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        return _NS.search(head) is not None and _CONTRACT.search(head) is not None

    def read(self) -> Iterator[Record]:
        count = 0
        for elem in iter_depth(self.path, 1):
            if local(elem.tag) != "contract":
                continue
            count += 1
            yield from _Contract(self, elem, count).records()
        if count == 0:
            raise self.error(None, "no <contract> element under the export root")


class _Contract:
    def __init__(self, loader: Eis44fzLoader, elem: Element, index: int) -> None:
        self.loader = loader
        self.ds = loader.dataset_name
        self.elem = elem
        self.where = f"record {index}"
        self.origin = f"{loader.path.name}:{self.where}"
        self.reg_num = _t(elem, "regNum") or _t(elem, "id")
        if self.reg_num is None:
            raise loader.error(f"record {index}", "a contract without regNum or id")
        href = _t(elem, "href")
        self.source_url = href or _SOURCE_URL.format(self.reg_num)
        self.published = _date(_t(elem, "publishDate"))

    def new(self, schema: str, source_id: str, raw: dict[str, Any]) -> Record:
        return Record.of(
            self.ds, source_id, schema, source_url=self.source_url, published=self.published,
            origin=self.origin, raw=raw,
        )  # fmt: skip

    def records(self) -> Iterator[Record]:
        customer = self.customer()
        if customer is not None:
            yield customer
        contract = self.contract(customer.id if customer else None)
        yield contract
        suppliers = find(self.elem, "suppliers")
        for supplier_elem in suppliers if suppliers is not None else []:
            supplier = self.supplier(supplier_elem)
            if supplier is None:
                continue
            yield supplier
            award = self.new(
                "ContractAward",
                derived_id(contract.source_id, supplier.id),
                {"contract": self.reg_num, "supplier": supplier.source_id},
            )
            award.add("supplier", supplier.id)
            award.add("contract", contract.id)
            award.add("amount", contract.first("amount"))
            award.add("currency", contract.first("currency"))
            award.add("date", contract.first("signDate"))
            yield award

    def customer(self) -> Record | None:
        elem = find(self.elem, "customer")
        if elem is None:
            return None
        inn = _t(elem, "inn")
        key = f"inn-{inn}" if inn else f"spz-{_t(elem, 'regNum')}"
        rec = self.new("PublicBody", key, _flat(elem))
        rec.add("name", _t(elem, "fullName"))
        rec.add("alias", _t(elem, "shortName"))
        rec.add("innCode", inn)
        rec.add("kppCode", _t(elem, "kpp"))
        rec.add("ogrnCode", _t(elem, "ogrn"))
        rec.add("registrationNumber", _t(elem, "regNum"))
        rec.add("country", "ru")
        if "name" not in rec.properties:
            raise self.loader.error(self.where, "a customer without fullName")
        return rec

    def supplier(self, elem: Element) -> Record | None:
        body = find(elem, "legalEntityRF")
        if body is not None:
            return self.organisation(_either(find(body, "EGRULInfo"), body), "ru", elem)
        person = find(elem, "individualPersonRF")
        if person is not None:
            return self.person(_either(find(person, "EGRIPInfo"), person), elem)
        foreign = find(elem, "legalEntityForeignState")
        if foreign is not None:
            return self.organisation(_either(find(foreign, "EGRULInfo"), foreign), None, elem)
        if _t(elem, "inn", "organizationName"):
            return self.organisation(elem, None, elem)
        return None

    def organisation(self, info: Element, country: str | None, raw: Element) -> Record:
        inn = _t(info, "INN")
        name = _t(info, "fullName", "organizationName")
        foreign_id = _t(info, "taxPayerCode")
        key = f"inn-{inn}" if inn else f"foreign-{foreign_id or name}"
        rec = self.new("Company", key, _flat(raw))
        rec.add("name", name)
        rec.add("alias", _t(info, "shortName"), _t(info, "firmName"))
        rec.add("innCode", inn)
        rec.add("kppCode", _t(info, "KPP"))
        rec.add("ogrnCode", _t(info, "OGRN"))
        rec.add("taxNumber", foreign_id)
        country_code = _t(find(info, "country"), "countryCode") or _t(info, "countryCode")
        rec.add("country", "ru" if country_code == "643" else country)  # OKSM 643 = Russia
        rec.add("address", _t(info, "address", "factualAddress", "postAddress"))
        if "name" not in rec.properties:
            raise self.loader.error(self.where, "a supplier without a name")
        return rec

    def person(self, info: Element, raw: Element) -> Record:
        fio = _either(find(info, "FIO"), info)
        parts = [_t(fio, "lastName"), _t(fio, "firstName"), _t(fio, "middleName")]
        inn = _t(info, "INN")
        name = " ".join(p for p in parts if p)
        if not name:
            raise self.loader.error(self.where, "a supplier without a name")
        rec = self.new("Person", f"inn-{inn}" if inn else f"person-{name}", _flat(raw))
        rec.add("name", name)
        rec.add("lastName", parts[0])
        rec.add("firstName", parts[1])
        rec.add("fatherName", parts[2])
        rec.add("innCode", inn)
        rec.add("country", "ru")
        return rec

    def contract(self, customer_id: str | None) -> Record:
        elem = self.elem
        raw = {k: v for k, v in _flat(elem).items() if k not in ("products", "suppliers")}
        rec = self.new("Contract", f"contract-{self.reg_num}", raw)
        subject = _t(elem, "contractSubject")
        rec.add("title", subject)
        rec.add("name", subject or f"Контракт {self.reg_num}")
        price = find(elem, "priceInfo")
        rec.add("amount", _t(price, "price") or _t(elem, "price"))
        currency = find(price, "currency") if price is not None else find(elem, "currency")
        rec.add("currency", _t(currency, "code"))
        rec.add("signDate", _date(_t(elem, "signDate")))
        period = find(elem, "executionPeriod")
        rec.add("startDate", _date(_t(period, "startDate")))
        rec.add("endDate", _date(_t(period, "endDate")))
        rec.add("authority", customer_id)
        foundation = find(elem, "foundation")
        if foundation is not None:  # its layout differs between schema versions
            for node in foundation.iter():
                if local(node.tag) == "notificationNumber" and node.text:
                    rec.add("procurementNumber", node.text)
        rec.add("contractId", self.reg_num)
        rec.add("status", _STAGES.get(_t(elem, "currentContractStage") or ""))
        products = find(elem, "products")
        for product in products if products is not None else []:
            okpd = find(product, "OKPD2")
            okpd = find(product, "OKPD") if okpd is None else okpd
            code = _t(okpd, "code")
            if okpd is not None and code:
                rec.add("classification", f"{local(okpd.tag)} {code}")
            rec.add("description", _t(product, "name"))
        return rec
