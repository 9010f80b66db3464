"""Every format, loaded into the real Neo4j: the graph holds what the file says.

Each test loads one fixture (or one set) into an empty graph through the
load pipeline (validate, write, resolve) and reads the canonical entities,
their sanctions and relationships, and the stored records back with Cypher.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc.settings import Settings
from tests.conftest import FIXTURES
from tests.graphtools import FIXTURE_EDITION, listed_by, load_files, query, sanction_status

SANCTIONS = FIXTURES / "sanctions"


# --- helpers -----------------------------------------------------------------


def load(driver: neo4j.Driver, settings: Settings, *names: str | Path) -> None:
    paths = [n if isinstance(n, Path) else FIXTURES / n for n in names]
    load_files(driver, settings, paths, edition=FIXTURE_EDITION)


def entity(driver: neo4j.Driver, caption: str) -> dict[str, Any]:
    """The one canonical entity with this caption: its properties plus ``labels``."""
    rows = query(
        driver,
        "MATCH (e:Entity {caption: $caption}) RETURN labels(e) AS labels, properties(e) AS p",
        caption=caption,
    )
    assert len(rows) == 1, f"{len(rows)} entities captioned {caption!r}"
    return {**rows[0]["p"], "labels": sorted(rows[0]["labels"])}


def entity_with_name(driver: neo4j.Driver, name: str) -> dict[str, Any]:
    rows = query(
        driver,
        "MATCH (e:Entity) WHERE $name IN e.names RETURN properties(e) AS p",
        name=name,
    )
    assert len(rows) == 1, f"{len(rows)} entities named {name!r}"
    return dict(rows[0]["p"])


def sanctions_of(driver: neo4j.Driver, caption: str) -> list[dict[str, Any]]:
    """The Sanction entities pointing at the entity, each with the edge as ``edge``."""
    rows = query(
        driver,
        "MATCH (s:Entity:Sanction)-[x:SANCTIONS]->(:Entity {caption: $caption}) "
        "RETURN properties(s) AS s, properties(x) AS x ORDER BY s.program",
        caption=caption,
    )
    return [{**r["s"], "edge": r["x"]} for r in rows]


def edges(driver: neo4j.Driver, edge_type: str) -> list[dict[str, Any]]:
    """Edges of a type as {a, b, **props}, a and b being the end captions."""
    rows = query(
        driver,
        f"MATCH (a:Entity)-[x:{edge_type}]->(b:Entity) "
        "RETURN a.caption AS a, b.caption AS b, properties(x) AS p ORDER BY a, b, x.start_date",
    )
    return [{"a": r["a"], "b": r["b"], **r["p"]} for r in rows]


def record(driver: neo4j.Driver, record_id: str) -> dict[str, Any]:
    rows = query(driver, "MATCH (r:Record {id: $id}) RETURN properties(r) AS p", id=record_id)
    assert len(rows) == 1, f"no record {record_id}"
    return dict(rows[0]["p"])


def members(driver: neo4j.Driver, caption: str) -> list[str]:
    rows = query(
        driver,
        "MATCH (r:Record)-[:PART_OF]->(:Entity {caption: $caption}) RETURN r.id AS id ORDER BY id",
        caption=caption,
    )
    return [r["id"] for r in rows]


def record_identifiers(driver: neo4j.Driver, record_id: str) -> set[str]:
    rows = query(
        driver,
        "MATCH (:Record {id: $id})-[:HAS_IDENTIFIER]->(i:Identifier) RETURN i.key AS key",
        id=record_id,
    )
    return {r["key"] for r in rows}


# --- OFAC --------------------------------------------------------------------


def test_ofac_xml_legacy_namespace(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "ofac_sdn_legacy.xml")
    malkevich = entity(clean_graph, "Alexander Aleksandrovich MALKEVICH")
    assert "Person" in malkevich["labels"]
    assert {"ofac:26235", "passport:717637093", "id:781005202108"} <= set(malkevich["identifiers"])
    assert malkevich["birth_date"] == "1975-06-14"
    assert listed_by(malkevich) == ["US"]
    assert [s["program"] for s in sanctions_of(clean_graph, malkevich["caption"])] == ["CYBER2"]

    airline = entity(clean_graph, "AEROCARIBBEAN AIRLINES")
    assert "AERO-CARIBBEAN" in airline["names"]
    (cuba,) = sanctions_of(clean_graph, "AEROCARIBBEAN AIRLINES")
    assert cuba["program"] == "CUBA" and cuba["authority_code"] == "US"
    assert sanction_status(cuba) == "active"

    rec = record(clean_graph, "us_ofac_sdn:26235")
    assert rec["published"] == "2018-12-19"  # Publish_Date 12/19/2018
    assert rec["origin"] == "ofac_sdn_legacy.xml:record 2"
    assert rec["source_url"].startswith("https://sanctionslist.ofac.treas.gov/")
    assert json.loads(rec["raw"])["addressList/address/city"] == "St. Petersburg"
    # "Linked To: USA REALLY" names no entry of the file: the link stays on the record.
    link = record(clean_graph, "us_ofac_sdn:26235#2354011101c1")
    assert json.loads(link["raw"])["object_name"] == "USA REALLY"


def test_ofac_xml_new_namespace_bom_crlf(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "ofac_sdn_new_ns.xml")
    chemezov = entity(clean_graph, "Sergei CHEMEZOV")
    assert chemezov["labels"] == ["Entity", "Person"]
    assert chemezov["names"] == ["Sergei CHEMEZOV", "Sergey Viktorovich CHEMEZOV"]
    assert chemezov["identifiers"] == ["ofac:16685"]
    assert chemezov["birth_date"] == "1952-08-20"
    (sanction,) = sanctions_of(clean_graph, "Sergei CHEMEZOV")
    assert sanction["program"] == "UKRAINE-EO13661"
    assert sanction["authority"] == "US Treasury OFAC" and sanction["authority_code"] == "US"
    assert sanction_status(sanction) == "active"

    roe = entity(clean_graph, "ROSOBORONEKSPORT OAO")
    assert {"ofac:18782", "inn:7718852163", "ogrn:1117746521452"} <= set(roe["identifiers"])
    assert sorted(s["program"] for s in sanctions_of(clean_graph, roe["caption"])) == [
        "SYRIA",
        "UKRAINE-EO13662",
    ]
    # "Linked To: ROSTEC" resolves to the entry placed after it in the file.
    (link,) = edges(clean_graph, "UNKNOWN_LINK")
    assert (link["a"], link["b"], link["role"]) == ("ROSOBORONEKSPORT OAO", "ROSTEC", "linked to")
    # CRLF and BOM leave no trace in values.
    rec = record(clean_graph, "us_ofac_sdn:16685")
    assert rec["published"] == "2026-09-29"
    assert not any("\r" in n or "\ufeff" in n for n in rec["names"])


def test_ofac_csv_set(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load_files(clean_graph, settings, [SANCTIONS / "ofac_csv" / "sdn.csv"], format_name="ofac-csv",
               edition=FIXTURE_EDITION)  # fmt: skip
    # alt.csv adds aliases, add.csv addresses, sdn_comments.csv continues remarks.
    khoroshev = entity(clean_graph, "Dmitry Yuryevich KHOROSHEV")
    assert "Person" in khoroshev["labels"]
    assert {"Dmitriy Yurevich KHOROSHEV", "LOCKBITSUPP"} <= set(khoroshev["names"])
    assert {"passport:2018278055", "passport:2006801524", "tax:366110340670"} <= set(
        khoroshev["identifiers"]
    )
    vessel = entity(clean_graph, "NS LEADER")
    assert "Vessel" in vessel["labels"] and "imo:9339301" in vessel["identifiers"]
    synthetic = entity(clean_graph, "SYNTHETIC CONTINUATION TEST ENTRY")
    assert synthetic["countries"] == ["cz", "ru"]
    iran = entity(clean_graph, "IRAN AIRCRAFT MANUFACTURING INDUSTRIAL COMPANY")
    assert sorted(s["program"] for s in sanctions_of(clean_graph, iran["caption"])) == [
        "IFSR",
        "IRAN-CON-ARMS-EO",
        "NPWMD",
    ]
    assert {s["reason"] for s in sanctions_of(clean_graph, iran["caption"])} == {
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    }
    # "Organization Established Date 1998": a year, kept as a year.
    assert entity(clean_graph, "BEL-KAP-STEEL LLC")["incorporation_date"] == "1998"
    rec = record(clean_graph, "us_ofac_sdn:16685")
    assert rec["origin"].startswith("sdn.csv:")
    assert json.loads(rec["raw"])["Program"] == "UKRAINE-EO13661"


def test_ofac_advanced(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "ofac_sdn_advanced.xml")
    abbas = entity(clean_graph, "Abu ABBAS")
    assert "Person" in abbas["labels"] and "ofac:2674" in abbas["identifiers"]
    (sdgt,) = sanctions_of(clean_graph, "Abu ABBAS")
    assert (sdgt["program"], sdgt["listing_date"], sdgt["authority_code"]) == (
        "SDGT",
        "1995-01-23",
        "US",
    )
    assert sdgt["edge"]["start_date"] == "1995-01-23"
    (lazarus,) = sanctions_of(clean_graph, "Lazarus Group")
    assert (lazarus["program"], lazarus["listing_date"]) == ("DPRK3", "2019-09-13")
    # ProfileRelationship "Owned or Controlled By": the owner points at the asset.
    (own,) = edges(clean_graph, "OWNERSHIP")
    assert (own["a"], own["b"], own["role"]) == (
        "Abu ABBAS",
        "Lazarus Group",
        "Owned or Controlled By",
    )
    assert record(clean_graph, "us_ofac_sdn:2674")["published"] == "2026-05-21"


# --- EU ------------------------------------------------------------------------


def test_eu_fsf(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "eu_fsf.xml")
    mugabe = entity(clean_graph, "Robert Gabriel Mugabe")
    assert "Person" in mugabe["labels"]
    assert {"eu:EU3664", "passport:AD001095"} <= set(mugabe["identifiers"])
    (zwe,) = sanctions_of(clean_graph, "Robert Gabriel Mugabe")
    assert (zwe["program"], zwe["listing_date"], zwe["authority_code"], sanction_status(zwe)) == (
        "EU-ZWE",
        "2005-06-16",
        "EU",
        "active",
    )
    # Non-Latin aliases kept exactly; the caption prefers the mixed-case name.
    front = entity_with_name(clean_graph, "Фронт на великите ислямски източни воини")
    assert front["caption"] == "İslami Büyük Doğu Akıncılar Cephesi"
    rec = record(clean_graph, "eu_fsf:1")
    assert rec["published"] == "2018-12-21"
    assert json.loads(rec["raw"])["@euReferenceNumber"] == "EU.36.64"


def test_eu_journal_cyrillic_and_belarusian(clean_graph: neo4j.Driver, settings: Settings) -> None:
    path = SANCTIONS / "eu_journal.csv"
    load(clean_graph, settings, path)
    synesis = entity(clean_graph, "SYNESIS LLC")
    assert {"reg:190950894", "inn:7704734000", "kpp:770301001"} <= set(synesis["identifiers"])
    (listing,) = sanctions_of(clean_graph, "SYNESIS LLC")
    assert listing["listing_date"] == "2020-12-17" and listing["program"] == "EU-BLR"
    assert listing["reason"].startswith("Synesis LLC has provided the Belarusian authorities")
    assert listing["authority_code"] == "EU"

    # Belarusian (with its Latin "i" as published) and Russian spellings, byte-exact.
    belarusian = "Аляксандр Яўгенавiч ШАТРОЎ"
    russian = "Александр Евгеньевич ШАТРОВ"
    assert belarusian.encode() in path.read_bytes() and russian.encode() in path.read_bytes()
    shatrov = entity_with_name(clean_graph, belarusian)
    assert russian in shatrov["names"]
    stored = query(
        clean_graph,
        "MATCH (e:Entity {id: $id}) UNWIND e.names AS n WITH n WHERE n STARTS WITH 'Аляк' RETURN n",
        id=shatrov["id"],
    )
    assert [r["n"].encode() for r in stored] == [belarusian.encode()]
    assert shatrov["birth_date"] == "1978-11-09"
    # Year-only birth date kept as a year.
    assert entity(clean_graph, "Stanislav Evgenievitch DYCHKO")["birth_date"] == "1990"

    ntk = entity(clean_graph, "IPJSC NTK")
    assert "Company" in ntk["labels"]
    assert {"inn:3900040153", "ogrn:1253900004412"} <= set(ntk["identifiers"])
    (ntk_listing,) = sanctions_of(clean_graph, "IPJSC NTK")
    assert ntk_listing["listing_date"] == "2026-06-15"
    rec = record(clean_graph, "eu_journal:32006R0765/I.B/5")
    assert rec["origin"] == "eu_journal.csv:4"
    assert (
        rec["source_url"] == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32006R0765"
    )
    assert json.loads(rec["raw"])["startDate"] == "17.12.2020"


# --- UK, UN --------------------------------------------------------------------


def test_uk_conlist_bom_crlf(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "uk_conlist.csv")
    zawahiri = entity(clean_graph, "Aiman Muhammed Rabi AL-ZAWAHIRI")
    assert "Aiman ABDEL RAHMAN" in zawahiri["names"]  # the AKA row of group 6897
    assert {"uk:6897", "un:QDI006"} <= set(zawahiri["identifiers"])
    assert zawahiri["birth_date"] == "1951-06-19"
    (isil,) = sanctions_of(clean_graph, zawahiri["caption"])
    assert (isil["program"], isil["listing_date"], isil["authority_code"]) == (
        "ISIL (Da'esh) and Al-Qaida",
        "2001-10-02",
        "UK",
    )
    # Month-only listing date survives as a month.
    (russia,) = sanctions_of(clean_graph, "SYNTHETIC TEST ENTITY")
    assert russia["listing_date"] == "2022-03" and russia["edge"]["start_date"] == "2022-03"
    rec = record(clean_graph, "gb_hmt_ofsi:6897")
    assert rec["published"] == "2026-09-01"
    assert len(json.loads(rec["raw"])["rows"]) == 2
    assert not any(k.startswith("\ufeff") for k in json.loads(rec["raw"])["rows"][0])


@pytest.mark.parametrize("name", ["uk_fcdo.csv", "uk_fcdo.xml"])
def test_uk_fcdo(clean_graph: neo4j.Driver, settings: Settings, name: str) -> None:
    load(clean_graph, settings, SANCTIONS / name)
    haji = entity(clean_graph, "HAJI KHAIRULLAH MONEY EXCHANGE")
    assert "LegalEntity" in haji["labels"]
    assert haji["identifiers"] == ["uk:AFG0001"]
    assert "Haji Alim Hawala" in haji["names"]
    (afg,) = sanctions_of(clean_graph, haji["caption"])
    assert (afg["program"], afg["listing_date"], afg["authority"], afg["authority_code"]) == (
        "Afghanistan",
        "2012-06-29",
        "UK FCDO",
        "UK",
    )
    rec = record(clean_graph, "gb_fcdo_sanctions:AFG0001")
    assert rec["published"] == "2026-06-10"
    assert rec["origin"].startswith(f"{name}:")


def test_un_sc(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, SANCTIONS / "un_sc.xml")
    ngaruye = entity(clean_graph, "BAUDOIN NGARUYE WA MYAMURO")
    assert "un:CDI019" in ngaruye["identifiers"]
    assert ngaruye["birth_date"] == "1978"  # year only
    (drc,) = sanctions_of(clean_graph, ngaruye["caption"])
    assert (drc["program"], drc["listing_date"], drc["authority_code"]) == (
        "DRC",
        "2012-11-30",
        "UN",
    )
    assert drc["reason"].startswith("Entered the Republic of Rwanda on 16 March 2013.")
    adf = entity(clean_graph, "ADF")
    assert "Allied Democratic Forces" in adf["names"] and adf["countries"] == ["cd"]
    assert record(clean_graph, "un_sc_sanctions:6907994")["published"] == "2026-02-27"


# --- FtM -----------------------------------------------------------------------


def test_ftm_with_bom_crlf(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "ftm_opensanctions_excerpt.ijson", "ftm_peps_bom_crlf.ijson")
    name = "Иван Петрович Примеров"
    assert name.encode() in (FIXTURES / "ftm_peps_bom_crlf.ijson").read_bytes()
    primerov = entity_with_name(clean_graph, name)
    assert primerov["caption"] == "Ivan Primerov"
    assert {"wikidata:Q4115189", "ofac:16685"} <= set(primerov["identifiers"])
    assert primerov["birth_date"] == "1961-07-02"
    (sanction,) = sanctions_of(clean_graph, "Ivan Primerov")
    assert sanction["program"] == "UKRAINE-EO13661" and sanction["start_date"] == "2014-04-28"
    assert sanction["authority_code"] == "US"  # "Office of Foreign Assets Control"
    assert listed_by(primerov) == ["US"]
    (occupancy,) = edges(clean_graph, "OCCUPANCY")
    assert (occupancy["a"], occupancy["b"]) == ("Ivan Primerov", "Minister of Examples of Russia")
    assert (occupancy["start_date"], occupancy["end_date"]) == ("2012-05-21", "2018-05-18")
    tobacco = entity(clean_graph, "LLC “Inter Tobacco”")
    assert "Organization" in tobacco["labels"] and tobacco["countries"] == ["by"]
    rec = record(clean_graph, "opensanctions:Q4115189")
    assert rec["origin"] == "ftm_peps_bom_crlf.ijson:1"
    assert rec["source_url"] == "https://www.opensanctions.org/entities/Q4115189/"
    assert json.loads(rec["raw"])["caption"] == name


# --- contracts -----------------------------------------------------------------


def test_ocds(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "ocds_record_package_ru.json", "ocds_release_package_example.json")
    awards = {(e["a"], e["b"]): e for e in edges(clean_graph, "CONTRACT_AWARD")}
    cycle = awards["Balfour Beatty", "Contract to build new cycle lanes in the centre of town."]
    assert (cycle["amount"], cycle["currency"], cycle["start_date"]) == (
        "11000000",
        "GBP",
        "2010-05-10",
    )
    ru = awards["ООО «Пример Видеоаналитика»", "Контракт на поставку лицензий"]
    assert (ru["amount"], ru["currency"]) == ("73900000.5", "RUB")
    buyers = {(e["a"], e["b"]) for e in edges(clean_graph, "AWARDED_BY")}
    assert ("Контракт на поставку лицензий", "ГКУ «Центр тестовых закупок»") in buyers
    assert (
        "Contract to build new cycle lanes in the centre of town.",
        "London Borough of Barnet",
    ) in buyers
    contract = entity(clean_graph, "Контракт на поставку лицензий")
    assert "Contract" in contract["labels"]
    assert (contract["sign_date"], contract["end_date"]) == ("2022-03-11", "2022-12-31")
    buyer = entity(clean_graph, "ГКУ «Центр тестовых закупок»")
    assert "PublicBody" in buyer["labels"] and buyer["identifiers"] == ["inn:7705123452"]
    supplier = entity(clean_graph, "ООО «Пример Видеоаналитика»")
    assert {"inn:7714987650", "ogrn:1177746123455", "lei:253400EXAMPLE0TEL071"} <= set(
        supplier["identifiers"]
    )
    rec = record(clean_graph, "ocds:RU-INN-7705123452")
    assert rec["published"] == "2022-03-15"
    assert rec["source_url"] == "https://ocds.example.org/packages/ru-2022-000123.json"


def test_eis_44fz(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "eis_44fz_contract.xml", "eis_44fz_contract_oldschema.xml")
    buyer_name = 'ГОСУДАРСТВЕННОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ ГОРОДА МОСКВЫ "ЦЕНТР ТЕСТОВЫХ ЗАКУПОК"'
    buyer = entity(clean_graph, buyer_name)
    assert "PublicBody" in buyer["labels"]
    assert {"inn:7705123452", "kpp:770501001"} <= set(buyer["identifiers"])
    # Both contracts name the same customer and supplier: one entity each.
    assert (buyer["first_seen"], buyer["last_seen"]) == ("2014-05-20", "2022-03-14")
    supplier = 'ООО "ПРИМЕР ВИДЕОАНАЛИТИКА"'
    awards = {(e["a"], e["b"]): e for e in edges(clean_graph, "CONTRACT_AWARD")}
    new = awards[supplier, "Поставка лицензий на программное обеспечение видеоаналитики"]
    assert (new["amount"], new["currency"], new["start_date"]) == (
        "73900000.00",
        "RUB",
        "2022-03-11",
    )
    old = awards[supplier, "Контракт 0373100012314000021"]
    assert old["amount"] == "1500.50"
    assert ("Иванов Пётр Сергеевич", "Контракт 0373100012314000021") in awards
    buyers = {(e["a"], e["b"]) for e in edges(clean_graph, "AWARDED_BY")}
    assert buyers == {
        ("Поставка лицензий на программное обеспечение видеоаналитики", buyer_name),
        ("Контракт 0373100012314000021", buyer_name),
    }
    assert "Person" in entity(clean_graph, "Иванов Пётр Сергеевич")["labels"]
    rec = record(clean_graph, "ru_zakupki:contract-2770512345222000047")
    assert rec["origin"] == "eis_44fz_contract.xml:record 1"
    assert rec["source_url"].endswith("reestrNumber=2770512345222000047")
    assert rec["published"] == "2022-03-14"


# --- NIST, IARPA -----------------------------------------------------------------


def _participations(driver: neo4j.Driver, developer: str) -> list[dict[str, Any]]:
    return [e for e in edges(driver, "PARTICIPATION") if e["a"] == developer]


def test_nist_reportcards(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "nist_reportcard_ntechlab_011.html", "nist_reportcards.txt")
    programme = entity(clean_graph, "NIST FRVT 1:1 Verification")
    assert "Programme" in programme["labels"]
    ntechlab = entity_with_name(clean_graph, "N-Tech Lab")
    assert "Company" in entity(clean_graph, ntechlab["caption"])["labels"]
    runs = _participations(clean_graph, ntechlab["caption"])
    assert {e["b"] for e in runs} == {"NIST FRVT 1:1 Verification"}
    by_algorithm = [e for e in runs if e.get("algorithm")]
    assert [e["algorithm"] for e in by_algorithm] == [["ntechlab-011"]]
    assert by_algorithm[0]["start_date"] == "2021-09-13"
    # The submission history (13 dates) is kept, each one dated.
    dates = {e["start_date"] for e in runs}
    assert {"2017-03-13", "2022-01-20", "2021-09-13"} <= dates and len(dates) == 13
    card = record(clean_graph, "us_nist_frvt:nist-frvt-11:ntechlab-011@nist_reportcards")
    assert card["source_url"] == "https://pages.nist.gov/frvt/reportcards/11/ntechlab_011.html"
    assert card["published"] == "2024-02-19"
    assert json.loads(card["raw"])["submitted"] == "2021_09_13"


def test_nist_frvt_csv(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "nist_frvt_11_overview.csv")
    (synesis,) = _participations(clean_graph, "synesis")
    assert synesis["b"] == "NIST FRVT 1:1 Verification"
    assert sorted(synesis["algorithm"]) == ["synesis-006", "synesis-007"]
    rec = record(clean_graph, "us_nist_frvt:nist-frvt-11:synesis-007@nist_frvt_11_overview")
    assert rec["origin"] == "nist_frvt_11_overview.csv:6"
    assert json.loads(rec["raw"])["Visa, 1e-6"] == "0.0073"


def test_nist_leaderboard(clean_graph: neo4j.Driver, settings: Settings, tmp_path: Path) -> None:
    board = tmp_path / "leaderboard.txt"
    board.write_text(
        "# FRVT 1:1 leaderboard, late 2017\n"
        "5 ntechlab-002 0.0655 0.0215 0.0236 0.3242 0.4591 2017_08_23\n"
        "8 ntechlab-001 0.0838 0.0258 0.03011 0.3191 0.4722 2017_05_10\n"
        "9 tevian-000 0.1299 0.03617 0.0225 0.5008 -40 2017_12_10\n"
    )
    load_files(clean_graph, settings, [board], format_name="nist-leaderboard")
    runs = _participations(clean_graph, "ntechlab")
    assert {(tuple(e["algorithm"]), e["start_date"]) for e in runs} == {
        (("ntechlab-002",), "2017-08-23"),
        (("ntechlab-001",), "2017-05-10"),
    }
    rec = record(clean_graph, "us_nist_frvt:nist-frvt-11:tevian-000@leaderboard")
    assert json.loads(rec["raw"])["values"] == "0.1299 0.03617 0.0225 0.5008 -40"
    assert rec["origin"] == "leaderboard.txt:4"


def test_iarpa_prizes_month_precision(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "iarpa_frpc_2017_prizes.csv")
    awards = edges(clean_graph, "PRIZE_AWARD")
    assert {(e["a"], e["summary"], e["amount"]) for e in awards} == {
        ("Yitu", "one-to-many identification accuracy", "25000"),
        ("NtechLab", "one-to-one verification accuracy", "20000"),
        ("NtechLab", "one-to-many identification speed", "5000"),
    }
    assert {e["b"] for e in awards} == {"IARPA Face Recognition Prize Challenge 2017"}
    # NIST IR 8197 is dated November 2017: a month, not a day.
    assert {(e["start_date"], e["currency"]) for e in awards} == {("2017-11", "USD")}
    rec = record(clean_graph, "iarpa_frpc:iarpa-frpc-2017:one-to-many-identification-accuracy:yitu")
    assert rec["published"] == "2017-11"
    assert rec["source_url"] == "https://doi.org/10.6028/NIST.IR.8197"


# --- ownership -------------------------------------------------------------------


def test_gleif_lei_and_relationships(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "gleif_lei_cdf31.xml", "gleif_rr_cdf21.xml")
    vision = entity(clean_graph, "Example Vision B.V.")
    assert "Company" in vision["labels"] and "lei:724500EXAMPLE0VIS069" in vision["identifiers"]
    assert vision["countries"] == ["nl"]
    telecom_caption = 'ПУБЛИЧНОЕ АКЦИОНЕРНОЕ ОБЩЕСТВО "ПРИМЕР ТЕЛЕКОМ"'
    telecom = entity(clean_graph, telecom_caption)
    assert "PRIMER TELECOM PJSC" in telecom["names"]
    owners = {e["a"]: e for e in edges(clean_graph, "OWNERSHIP") if e["b"] == "Example Vision B.V."}
    direct = owners["Exemple Holding S.à r.l."]
    assert (direct["percentage"], direct["start_date"]) == ("100.00", "2021-12-13")
    ultimate = owners[telecom_caption]
    assert (ultimate["start_date"], ultimate["end_date"]) == ("2021-12-13", "2023-07-01")
    assert entity(clean_graph, "Exemple Holding S.à r.l.")["incorporation_date"] == "2019-02-11"
    assert record_identifiers(clean_graph, "gleif:724500EXAMPLE0VIS069") >= {
        "lei:724500EXAMPLE0VIS069",
        "reg:12345678",
    }


def test_bods(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "bods_03_statements.jsonl", "bods_04_statements.json")
    owners = {(e["a"], e["b"]): e for e in edges(clean_graph, "OWNERSHIP")}
    ivanova = owners["Анна Петровна Иванова", "Example Vision B.V."]
    assert (ivanova["start_date"], ivanova["end_date"]) == ("2016-03-30", "2021-12-13")
    assert ivanova["summary"] == "shareholding: 25-50%"
    ivanov = owners["Пётр Сергеевич Иванов", "ПАО «Пример Телеком»"]
    assert (ivanov["percentage"], ivanov["start_date"]) == ("50", "2017-06-01")
    # Month-only birth date (BODS 0.4 allows YYYY-MM).
    person = entity(clean_graph, "Анна Петровна Иванова")
    assert person["birth_date"] == "1975-04" and "Anna Ivanova" in person["names"]
    # The 0.3 and 0.4 statements of INN 7714987650 are one company.
    company = entity_with_name(clean_graph, "ООО «Пример Видеоаналитика»")
    assert set(members(clean_graph, company["caption"])) == {"bods:ent-1", "bods:RU-INN-7714987650"}
    assert company["resolution"] == "confirmed"
    # The BOM and CRLF of the JSON-lines file leave no trace.
    rec = record(clean_graph, "bods:per-1")
    assert rec["origin"] == "bods_03_statements.jsonl:2" and rec["published"] == "2020-05-02"
    assert rec["names"] == ["Пётр Сергеевич Иванов"]


def test_claims(clean_graph: neo4j.Driver, settings: Settings) -> None:
    load(clean_graph, settings, "claims_moscow_case.yaml")
    (own,) = edges(clean_graph, "OWNERSHIP")
    assert (own["a"], own["b"], own["percentage"], own["start_date"]) == (
        "Mobile TeleSystems PJSC",
        "VisionLabs B.V.",
        "100",
        "2021-12-13",
    )
    assert own["cited"] is True
    assert "ВижнЛабс" in entity(clean_graph, "VisionLabs B.V.")["names"]
    rec = record(clean_graph, "moscow-case:mts-owns-visionlabs")
    citations = json.loads(rec["citations"])
    assert {c["quote"] for c in citations} >= {"agreed to acquire 100% of VisionLabs"}
    assert rec["published"] == "2023-03-28"
    # A claim about an entry not loaded yet waits on a stub record.
    assert record(clean_graph, "us_ofac_sdn:16685").get("stub") is True
