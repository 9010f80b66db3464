"""Seeded generator of realistic benchmark data in the formats graphsvc reads.

    .venv/bin/python -m bench.generate --size 10000 --out /tmp/bench-data

``size`` is the number of party records (companies, organisations, public
bodies, people) over all files; relationship, sanction and contract records
come on top (about 1.5 per party). The same size and seed give the same bytes.

Files written (each read by graphsvc's own loaders):

- ``registry.ftm.jsonl`` (FtM JSON lines, dataset ``bench_registry``): every
  party with its Cyrillic name (a Latin alias for some), INN/OGRN (a few with
  a wrong check digit), ownership chains of depth 1..6 with shares,
  directorships, test programmes and participation;
- ``sanctions.ftm.jsonl`` (FtM, dataset ``bench_sanctions``): EU and UK
  listings of some parties under a transliterated name, with listing dates and
  some delistings (an end date and status "ended");
- ``ofac_sdn.xml`` (OFAC legacy SDN XML): US listings, uppercase Latin names,
  INNs as "Tax ID No.", programmes, "Linked To:" remarks;
- ``contracts.ocds.json`` (OCDS release package): public buyers and company
  suppliers named by ``RU-INN`` identifiers (shared with the registry), one
  contract and award per release.

Super-nodes: one public buyer with a large share of all contracts, one
programme with many participants and one holding that owns many companies
(each ``super_links`` links; about 3% of ``size``, tens of thousands at 1M).
``manifest.json`` lists sample ids for the query benchmarks.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO
from xml.sax.saxutils import escape

from bench.resolution_speed import (
    FORMS_LAT,
    GIVEN,
    PATRONYMIC,
    SURNAME_END,
    _inn10,
    _latin,
    _word,
)

REGISTRY = "registry.ftm.jsonl"
SANCTIONS = "sanctions.ftm.jsonl"
OFAC = "ofac_sdn.xml"
OCDS = "contracts.ocds.json"
MANIFEST = "manifest.json"
FILES = (REGISTRY, SANCTIONS, OFAC, OCDS)
DATASETS = {REGISTRY: "bench_registry", SANCTIONS: "bench_sanctions"}

FORMS_RU_SHORT = ["ООО", "АО", "ПАО", "ЗАО"]
FORM_LAT_OF = {"ООО": "OOO", "АО": "AO", "ПАО": "PAO", "ЗАО": "ZAO"}
OFAC_PROGRAMS = ["RUSSIA-EO14024", "CYBER2", "UKRAINE-EO13662", "BELARUS-EO14038"]
EU_PROGRAMS = ["EU-RUS", "EU-BLR", "EU-HR"]
PUBLIC_KINDS = ["Департамент", "Министерство", "Управление", "Комитет"]
PUBLIC_OF = ["транспорта", "информационных технологий", "здравоохранения", "образования",
             "строительства", "безопасности", "финансов"]  # fmt: skip
CITIES = ["Москвы", "Санкт-Петербурга", "Минска", "Казани", "Новосибирска", "Екатеринбурга"]
EDITION = "2026-05-01"


def _ogrn(rng: random.Random) -> str:
    body = str(rng.randint(10**11, 10**12 - 1))
    head = "1" + body
    return head + str(int(head) % 11 % 10)


def _date(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


@dataclass
class Party:
    index: int
    kind: str  # Company | Organization | PublicBody | Person
    name_ru: str
    core: str  # the distinctive part, for Latin variants
    form: str | None
    inn: str | None
    country: str
    depth: int = 0  # ownership depth below a top owner
    owner: int | None = None

    @property
    def reg_id(self) -> str:
        return f"reg-{self.index}"

    @property
    def record(self) -> str:
        return f"bench_registry:reg-{self.index}"


@dataclass
class Generator:
    size: int
    seed: int = 7
    rng: random.Random = field(init=False)
    parties: list[Party] = field(default_factory=list)
    party_records: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.super_links = max(20, min(60_000, self.size * 3 // 100))

    # -- parties -------------------------------------------------------------
    def _party(self, index: int) -> Party:
        rng = self.rng
        r = rng.random()
        country = rng.choice(["ru", "ru", "ru", "by", "kz"])
        inn = _inn10(rng) if rng.random() < 0.8 else None
        if r < 0.32:
            given, pat = rng.choice(GIVEN), rng.choice(PATRONYMIC)
            surname = (_word(rng, rng.choice([2, 2, 3])) + rng.choice(SURNAME_END)).capitalize()
            name = f"{surname} {given} {pat}"
            return Party(index, "Person", name, name, None, None, country)
        core = " ".join(_word(rng, rng.choice([2, 3, 3, 4])) for _ in range(rng.choice([1, 1, 2])))
        core = core.capitalize()
        if r < 0.37:
            name = f"{rng.choice(PUBLIC_KINDS)} {rng.choice(PUBLIC_OF)} {rng.choice(CITIES)} {core}"
            return Party(index, "PublicBody", name, core, None, inn, "ru")
        if r < 0.47:
            name = f"Фонд «{core}»"
            return Party(index, "Organization", name, core, None, inn, country)
        form = rng.choice(FORMS_RU_SHORT)
        return Party(index, "Company", f"{form} «{core}»", core, form, inn, country)

    def _latin_name(self, p: Party, upper: bool = False) -> str:
        rng = self.rng
        if p.kind == "Person":
            surname, given, *rest = p.name_ru.split()
            order = [given, *rest[:1], surname] if rng.random() < 0.6 else [given, surname]
            name = _latin(" ".join(order), rng)
        elif p.form is not None:
            core = _latin(p.core, rng)
            name = (
                f"{FORM_LAT_OF[p.form]} {core}"
                if rng.random() < 0.5
                else f"{core} {rng.choice(FORMS_LAT)}"
            )
        else:
            name = _latin(p.core, rng) + (" Foundation" if p.kind == "Organization" else "")
        if rng.random() < 0.15 and len(name) > 6:  # a typo
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        return name.upper() if upper else name

    def _bad(self, inn: str) -> str:
        """The same INN with a wrong check digit (a typing error in a source)."""
        return inn[:-1] + str((int(inn[-1]) + 1) % 10)

    def _ident(self, inn: str | None) -> str | None:
        if inn is None:
            return None
        return self._bad(inn) if self.rng.random() < 0.04 else inn

    # -- files ---------------------------------------------------------------
    def write(self, out: Path) -> dict[str, Any]:
        out.mkdir(parents=True, exist_ok=True)
        rng = self.rng
        sanc_n = max(4, self.size // 25)
        ofac_n = max(4, self.size // 10)  # 100,000 OFAC entries at 1M
        ocds_n = max(20, self.size // 10)  # contracts; suppliers re-use registry parties
        reg_n = self.size - sanc_n - ofac_n - max(10, ocds_n // 4)
        reg_n = max(reg_n, 50)
        with (out / REGISTRY).open("w", encoding="utf-8") as fh:
            manifest = self._registry(fh, reg_n)
        with (out / SANCTIONS).open("w", encoding="utf-8") as fh:
            self._sanctions(fh, sanc_n)
        with (out / OFAC).open("w", encoding="utf-8") as fh:
            self._ofac(fh, ofac_n)
        with (out / OCDS).open("w", encoding="utf-8") as fh:
            self._ocds(fh, ocds_n)
        # sampled in this order so that the names are the same as before the
        # targets were recorded
        latin = rng.sample(self.parties, 50)
        latin_names = [self._latin_name(p) for p in latin]
        cyrillic = rng.sample(self.parties, 50)
        manifest.update(
            size=self.size,
            seed=self.seed,
            party_records=self.party_records,
            counts=self.counts,
            super_links=self.super_links,
            files=list(FILES),
            search_names=latin_names + [p.name_ru for p in cyrillic],
            # the registry record each name was made from: what a search for
            # it should find
            search_targets=[p.record for p in latin + cyrillic],
        )
        (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        return manifest

    def _count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def _ftm(self, fh: TextIO, ident: str, schema: str, props: dict[str, list[str]]) -> None:
        props = {k: v for k, v in props.items() if v}
        line = {
            "id": ident,
            "schema": schema,
            "properties": props,
            "first_seen": "2024-01-15T10:00:00",
            "last_seen": EDITION + "T10:00:00",
        }
        fh.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._count(f"ftm.{schema}")

    def _registry(self, fh: TextIO, n: int) -> dict[str, Any]:
        rng = self.rng
        companies: list[int] = []
        persons: list[int] = []
        for i in range(n):
            p = self._party(i)
            self.parties.append(p)
            props: dict[str, list[str]] = {"name": [p.name_ru], "country": [p.country]}
            if rng.random() < 0.3:
                props["alias"] = [self._latin_name(p)]
            if p.kind == "Person":
                props["birthDate"] = [_date(rng, 1945, 1995)]
                persons.append(i)
            else:
                ident = self._ident(p.inn)
                props["innCode"] = [ident] if ident else []
                if p.kind == "Company":
                    props["ogrnCode"] = [_ogrn(rng)] if rng.random() < 0.6 else []
                    props["incorporationDate"] = [_date(rng, 1992, 2022)]
                    companies.append(i)
            self._ftm(fh, p.reg_id, p.kind, props)
            self.party_records += 1
        # Super-nodes: a holding company, a public buyer, a programme.
        holding = companies[0]
        buyers = [p.index for p in self.parties if p.kind == "PublicBody"] or [1]
        self.super_buyer = buyers[0]
        self.buyers = buyers
        self.companies = companies
        self.persons = persons or [0]
        chains: list[list[int]] = []
        # Ownership: each company but the first may have an owner; owners are
        # earlier companies (chains of depth up to 6) or people.
        for n_link, c in enumerate(companies[1:], start=1):
            if n_link <= self.super_links:
                owner = holding
            elif rng.random() < 0.55:
                cand = companies[rng.randrange(0, n_link)]
                owner = cand if self.parties[cand].depth < 6 else rng.choice(self.persons)
            elif rng.random() < 0.5:
                owner = rng.choice(self.persons)
            else:
                continue
            p = self.parties[c]
            op = self.parties[owner]
            if op.kind != "Person":
                p.depth = op.depth + 1
                p.owner = owner
            pct = rng.choice(["100", "51", "50", "25.5", "75", "10", "33.3"])
            props = {
                "owner": [op.reg_id],
                "asset": [p.reg_id],
                "percentage": [pct],
                "startDate": [_date(rng, 2000, 2020)],
                "endDate": [_date(rng, 2021, 2025)] if rng.random() < 0.08 else [],
            }
            self._ftm(fh, f"own-{c}", "Ownership", props)
        # Directorships: most companies have a general director.
        for c in companies:
            if rng.random() < 0.8:
                d = rng.choice(self.persons)
                props = {
                    "director": [self.parties[d].reg_id],
                    "organization": [self.parties[c].reg_id],
                    "role": ["General Director"],
                    "startDate": [_date(rng, 2005, 2022)],
                    "endDate": [_date(rng, 2023, 2025)] if rng.random() < 0.1 else [],
                }
                self._ftm(fh, f"dir-{c}", "Directorship", props)
        # Programmes and participation (one programme is a super-node).
        programmes = 12
        for k in range(programmes):
            props = {"name": [f"Face Recognition Vendor Test track {k}"], "country": ["us"]}
            self._ftm(fh, f"prog-{k}", "Programme", props)
        for j in range(min(len(companies), self.super_links + len(companies) // 10)):
            c = companies[j] if j < self.super_links else rng.choice(companies)
            k = 0 if j < self.super_links else rng.randrange(1, programmes)
            props = {
                "participant": [self.parties[c].reg_id],
                "programme": [f"prog-{k}"],
                "startDate": [_date(rng, 2017, 2024)],
            }
            self._ftm(fh, f"part-{j}-{k}", "Participation", props)
        # Sample ids for queries: deep chains (for ownership and 4-hop paths).
        deep = [p for p in self.parties if p.depth >= 4 and p.owner is not None]
        for p in rng.sample(deep, min(200, len(deep))):
            chain = [p.index]
            while self.parties[chain[-1]].owner is not None and len(chain) < 5:
                chain.append(self.parties[chain[-1]].owner)  # type: ignore[arg-type]
            chains.append(chain)
        sample = rng.sample(self.parties, min(500, len(self.parties)))
        return {
            "entities": [p.record for p in sample],
            "super_nodes": {
                "holding": self.parties[holding].record,
                "buyer": self.parties[self.super_buyer].record,
                "programme": "bench_registry:prog-0",
            },
            "chains": [[self.parties[i].record for i in ch] for ch in chains if len(ch) == 5],
            "owned": [p.record for p in rng.sample(deep, min(200, len(deep)))],
        }

    def _listed(self, n: int) -> list[Party]:
        pool = [p for p in self.parties if p.kind in ("Company", "Person", "Organization")]
        return self.rng.sample(pool, min(n, len(pool)))

    def _sanctions(self, fh: TextIO, n: int) -> None:
        rng = self.rng
        for p in self._listed(n):
            ident = f"eu-{p.index}"
            props: dict[str, list[str]] = {
                "name": [self._latin_name(p)],
                "alias": [p.name_ru] if rng.random() < 0.5 else [],
                "country": [p.country],
            }
            if p.kind != "Person" and p.inn and rng.random() < 0.6:
                props["innCode"] = [self._ident(p.inn) or p.inn]
            self._ftm(fh, ident, "Person" if p.kind == "Person" else "Company", props)
            self.party_records += 1
            for authority in rng.sample(["EU", "UK"], rng.choice([1, 1, 2])):
                delisted = rng.random() < 0.15
                listed = _date(rng, 2014, 2024)
                sprops = {
                    "entity": [ident],
                    "authority": [authority],
                    "program": [rng.choice(EU_PROGRAMS) if authority == "EU" else "UK-RUS"],
                    "listingDate": [listed],
                    "endDate": [_date(rng, int(listed[:4]) + 1, 2026)] if delisted else [],
                    "status": ["ended" if delisted else "active"],
                    "sourceUrl": [f"https://example.org/{authority.lower()}/{ident}"],
                }
                self._ftm(fh, f"{ident}-{authority.lower()}", "Sanction", sprops)

    def _ofac(self, fh: TextIO, n: int) -> None:
        rng = self.rng
        fh.write('<?xml version="1.0" standalone="yes"?>\n')
        fh.write('<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/'
                 'PublicationPreview/exports/XML">\n')  # fmt: skip
        fh.write("  <publshInformation>\n    <Publish_Date>05/01/2026</Publish_Date>\n")
        fh.write(f"    <Record_Count>{n}</Record_Count>\n  </publshInformation>\n")
        listed = self._listed(n)
        names: list[str] = []
        for uid, p in enumerate(listed, start=90000):
            person = p.kind == "Person"
            latin = self._latin_name(p, upper=not person)
            parts = [f"    <uid>{uid}</uid>"]
            if person:
                first, _, last = latin.rpartition(" ")
                parts.append(f"    <firstName>{escape(first)}</firstName>")
                parts.append(f"    <lastName>{escape(last.upper())}</lastName>")
                names.append(f"{last.upper()}, {first}")
            else:
                parts.append(f"    <lastName>{escape(latin)}</lastName>")
                names.append(latin)
            parts.append(f"    <sdnType>{'Individual' if person else 'Entity'}</sdnType>")
            if len(names) > 1 and rng.random() < 0.2:
                # an earlier entry (no slice copy: quadratic at 100,000 entries)
                linked = names[rng.randrange(len(names) - 1)]
                parts.append(f"    <remarks>(Linked To: {escape(linked)})</remarks>")
            programs = rng.sample(OFAC_PROGRAMS, rng.choice([1, 1, 2]))
            parts.append(
                "    <programList>"
                + "".join(f"<program>{x}</program>" for x in programs)
                + "</programList>"
            )
            if p.inn and not person and rng.random() < 0.7:
                inn = self._ident(p.inn)
                parts.append(
                    f"    <idList><id><uid>{uid * 3}</uid><idType>Tax ID No.</idType>"
                    f"<idNumber>{inn}</idNumber><idCountry>Russia</idCountry></id></idList>"
                )
            if rng.random() < 0.4:
                parts.append(
                    f"    <akaList><aka><uid>{uid * 3 + 1}</uid><type>a.k.a.</type>"
                    f"<category>strong</category><lastName>{escape(p.name_ru)}</lastName>"
                    "</aka></akaList>"
                )
            parts.append(
                f"    <addressList><address><uid>{uid * 3 + 2}</uid><city>Moscow</city>"
                "<country>Russia</country></address></addressList>"
            )
            fh.write("  <sdnEntry>\n" + "\n".join(parts) + "\n  </sdnEntry>\n")
            self.party_records += 1
            self._count("ofac.sdnEntry")
        fh.write("</sdnList>\n")

    def _ocds(self, fh: TextIO, n: int) -> None:
        rng = self.rng
        fh.write(
            '{"uri": "https://example.org/ocds/bench", "publishedDate": "2026-05-01T00:00:00Z",'
        )
        fh.write(' "version": "1.1", "releases": [\n')
        suppliers_seen: set[int] = set()
        with_inn = [c for c in self.companies if self.parties[c].inn] or self.companies
        buyers_inn = [b for b in self.buyers if self.parties[b].inn] or self.buyers
        super_buyer = buyers_inn[0]
        for k in range(n):
            buyer = self.parties[super_buyer if k < self.super_links else rng.choice(buyers_inn)]
            supplier = self.parties[rng.choice(with_inn)]
            suppliers_seen.add(supplier.index)
            amount = rng.randint(10, 5000) * 1000

            def party(p: Party, role: str) -> dict[str, Any]:
                name = self._latin_name(p) if rng.random() < 0.5 else p.name_ru
                return {
                    "id": f"RU-INN-{p.inn}",
                    "name": name,
                    "identifier": {"scheme": "RU-INN", "id": p.inn, "legalName": name},
                    "address": {"locality": "Москва", "country": "RU"},
                    "roles": [role],
                }

            release = {
                "ocid": f"ocds-bench-{k:08d}",
                "id": f"ocds-bench-{k:08d}-01",
                "date": f"{_date(rng, 2019, 2025)}T00:00:00Z",
                "tag": ["contract"],
                "parties": [party(buyer, "buyer"), party(supplier, "supplier")],
                "buyer": {"id": f"RU-INN-{buyer.inn}"},
                "tender": {"title": f"Поставка оборудования {k}", "procurementMethod": "open"},
                "awards": [
                    {
                        "id": "1",
                        "suppliers": [{"id": f"RU-INN-{supplier.inn}"}],
                        "value": {"amount": amount, "currency": "RUB"},
                        "date": f"{_date(rng, 2019, 2025)}T00:00:00Z",
                        "status": "active",
                    }
                ],
                "contracts": [
                    {
                        "id": "1",
                        "awardID": "1",
                        "title": f"Контракт на поставку {k}",
                        "value": {"amount": amount, "currency": "RUB"},
                        "dateSigned": f"{_date(rng, 2019, 2025)}T00:00:00Z",
                        "period": {"startDate": "2024-01-01", "endDate": "2025-12-31"},
                    }
                ],
            }
            sep = ",\n" if k else ""
            fh.write(sep + json.dumps(release, ensure_ascii=False, separators=(",", ":")))
            self._count("ocds.release")
        fh.write("\n]}\n")
        self.party_records += len(suppliers_seen) + len(set(self.buyers))


def generate(size: int, out: Path, seed: int = 7) -> dict[str, Any]:
    """Write the files for ``size`` into ``out``; returns the manifest."""
    return Generator(size, seed).write(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("var/bench-data"))
    args = ap.parse_args()
    manifest = generate(args.size, args.out, args.seed)
    print(json.dumps({k: manifest[k] for k in ("size", "party_records", "counts")}, indent=1))


if __name__ == "__main__":
    main()
