"""POST /match/{dataset} on the bundled Moscow case, loaded into a real Neo4j."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from fastapi.testclient import TestClient

from graphsvc.api.app import create_app
from graphsvc.resolve.score import AUTO_MATCH
from graphsvc.services.match_query import lucene_escape, search_query
from graphsvc.settings import Settings
from loaders.ingest import load_paths, make_loader
from tests.conftest import ROOT, wipe

CASE = ROOT / "data" / "moscow"
FILES = ["vendors.yaml", "owners.yaml", "eu_journal_facerec.csv", "ofac/sdn.csv"]


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    # Loaded once for the module: every test here only reads.
    wipe(driver, settings)
    loaders = [make_loader(CASE / name, None, None) for name in FILES]
    load_paths(driver, settings, loaders, on_progress=lambda *_: None, resolve=True)
    with TestClient(create_app(settings)) as c:
        yield c


def post(client: TestClient, queries: Any, dataset: str = "default", **params: Any) -> Any:
    return client.post(f"/match/{dataset}", params=params, json={"queries": queries})


def results(client: TestClient, schema: str, dataset: str = "default", **props: Any) -> Any:
    resp = post(client, {"q": {"schema": schema, "properties": props}}, dataset)
    assert resp.status_code == 200, resp.text
    return resp.json()["responses"]["q"]["results"]


def top(client: TestClient, schema: str, **props: Any) -> dict[str, Any]:
    found = results(client, schema, **props)
    assert found, f"no result for {props}"
    best: dict[str, Any] = found[0]
    return best


def names(hit: dict[str, Any]) -> set[str]:
    return set(hit["properties"].get("name", [])) | set(hit["properties"].get("alias", []))


def bad(resp: Any, status: int, *words: str) -> None:
    assert resp.status_code == status, resp.text
    message = resp.json()["message"]
    for word in words:
        assert word in message, message


# --- matching --------------------------------------------------------------------
@pytest.mark.parametrize("spelling", ["N-Tech Lab", "NTechLab LLC", "Н-Тех.Лаб", "ntechlab"])
def test_spellings_of_ntechlab_match_it(client: TestClient, spelling: str) -> None:
    hit = top(client, "Company", name=[spelling])
    assert "NtechLab" in names(hit)
    assert hit["match"] is True and hit["score"] >= AUTO_MATCH
    assert hit["features"]["name"] > 0.9
    assert hit["explanation"] and hit["schema"] == "Company"


def test_cyrillic_synesis_finds_synesis(client: TestClient) -> None:
    hit = top(client, "Company", name=["Синезис"])
    assert "Synesis LLC" in names(hit)
    assert hit["match"] is True


def test_inn_alone_finds_synesis_with_score_one(client: TestClient) -> None:
    hit = top(client, "Company", innCode=["77 0473 4000"])
    assert "Synesis LLC" in names(hit)
    assert hit["score"] == 1.0 and hit["match"] is True
    assert hit["features"] == {"identifier": 1.0}
    assert "inn:7704734000" in hit["explanation"][0]


def test_person_chemezov(client: TestClient) -> None:
    hit = top(client, "Person", name=["Sergei Chemezov"], birthDate=["1952"])
    assert "Sergei Chemezov" in names(hit)
    assert hit["match"] is True and hit["target"] is True  # sanctioned by EU and US
    assert len(hit["referents"]) >= 3  # claims, EU journal row, OFAC entry
    assert len(hit["datasets"]) >= 3
    assert hit["features"]["birth_date"] > 0


def test_person_is_never_a_company(client: TestClient) -> None:
    assert all(r["schema"] == "Company" for r in results(client, "Company", name=["Chemezov"]))


def test_shatrov_in_cyrillic(client: TestClient) -> None:
    full = top(client, "Person", name=["Александр Шатров"])
    assert "Alexander Shatrov" in names(full) and full["match"] is True
    # A surname alone is a lead for a person to check, never an automatic match.
    alone = top(client, "Person", name=["Шатров"])
    assert alone["id"] == full["id"] and alone["match"] is False


def test_shatrov_misspelt_in_latin_is_found_for_review(client: TestClient) -> None:
    # The listed name with patronymic in Cyrillic; the query misspells first name and
    # surname in Latin: the entity comes first, as a lead, not an automatic match.
    hit = top(client, "Person", name=["Aleksandar Shatrof"])
    assert "Alexander Shatrov" in names(hit)
    assert hit["match"] is False and hit["score"] >= 0.7


def test_a_short_given_name_matches_its_full_form(client: TestClient) -> None:
    hit = top(client, "Person", name=["Sasha Shatrov"], birthDate=["1978-11-09"])
    assert "Alexander Shatrov" in names(hit) and hit["match"] is True


def test_a_foreign_birth_date_is_no_match(client: TestClient) -> None:
    found = results(client, "Person", name=["Alexander Shatrov"], birthDate=["1990-01-01"])
    shatrov = [r for r in found if "Alexander Shatrov" in names(r)]
    assert shatrov and not [r for r in found if r["match"]]
    assert any("birth_date differ" in line for line in shatrov[0]["explanation"])


def test_rostelecom_is_not_rostec(client: TestClient) -> None:
    found = results(client, "Company", name=["Rostelecom"])
    assert not [r for r in found if r["match"]]
    rostec = [r for r in found if "Rostec" in names(r)]
    assert rostec, "Rostec should at least be a scored candidate"
    assert rostec[0]["score"] < AUTO_MATCH


def test_response_shape_and_echo(client: TestClient) -> None:
    queries = {
        "a": {"schema": "Company", "properties": {"name": "NtechLab", "country": ["ru"]}},
        "b": {
            "schema": "Person",
            "properties": {"firstName": ["Sergei"], "lastName": ["Chemezov"]},
        },
    }
    resp = post(client, queries, limit=1, threshold=0.5, algorithm="best")
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["limit"] == 1 and "name" in body["matcher"]
    a = body["responses"]["a"]
    assert a["status"] == 200 and len(a["results"]) == 1
    assert a["total"]["relation"] == "eq" and a["total"]["value"] >= 1
    assert a["query"] == {"id": "a", "schema": "Company",
                          "properties": {"name": ["NtechLab"], "country": ["ru"]}}  # fmt: skip
    hit = a["results"][0]
    expected = {"id", "caption", "schema", "properties", "datasets", "referents", "target",
                "first_seen", "last_seen", "score", "match", "features", "explanation"}  # fmt: skip
    assert expected <= set(hit)
    assert hit["features"]["country"] > 0
    # Name parts alone make a name, as in yente.
    assert "Sergei Chemezov" in names(body["responses"]["b"]["results"][0])


def test_dataset_scope(client: TestClient) -> None:
    chemezov = top(client, "Person", name=["Sergei Chemezov"])
    ofac = next(d for d in chemezov["datasets"] if "ofac" in d.lower())
    assert (
        results(client, "Person", dataset=ofac, name=["Sergei Chemezov"])[0]["id"]
        == (chemezov["id"])
    )
    assert results(client, "Company", dataset=ofac, name=["NtechLab"]) == []
    assert results(client, "Company", dataset="all", name=["NtechLab"])
    bad(post(client, {"q": {"schema": "Company", "properties": {"name": ["x"]}}}, "nope"),
        404, "nope")  # fmt: skip


def test_lucene_syntax_in_names_is_text(client: TestClient) -> None:
    # Lucene syntax in a name is only text: no error, nothing from it is a query operator.
    name = 'Tevian" OR *:* AND (Synesis~ [a TO z]) \\ / ^2 && || !'
    assert not [r for r in results(client, "Company", name=[name]) if r["match"]]
    assert "NtechLab" in names(top(client, "Company", name=["(NtechLab!)"]))
    for odd in ["*", "?", '"', "\\", "AND", ":", "(", "~~", "/"]:
        resp = post(client, {"q": {"schema": "Company", "properties": {"name": [odd]}}})
        assert resp.status_code in (200, 400), resp.text


def test_lucene_escape() -> None:
    assert lucene_escape('a+b-c&&d||e!f(g)h{i}j[k]l^m"n~o*p?q:r\\s/t') == (
        'a\\+b\\-c\\&\\&d\\|\\|e\\!f\\(g\\)h\\{i\\}j\\[k\\]l\\^m\\"n\\~o\\*p\\?q\\:r\\\\s\\/t'
    )
    assert lucene_escape("AND") == "and"
    assert "ntechlab" in search_query(["N-Tech Lab"]).split()


# --- bad input --------------------------------------------------------------------
def test_unknown_or_unmatchable_schema(client: TestClient) -> None:
    bad(post(client, {"q": {"schema": "Spaceship", "properties": {"name": ["x"]}}}),
        400, "Spaceship", "Company")  # fmt: skip
    bad(post(client, {"q": {"schema": "Sanction", "properties": {"name": ["x"]}}}),
        400, "Sanction")  # fmt: skip


def test_no_name_and_no_identifier(client: TestClient) -> None:
    bad(post(client, {"q": {"schema": "Company", "properties": {"country": ["ru"]}}}),
        400, "no name and no valid identifier")  # fmt: skip
    # An INN that fails its check digits is no identifier to match on.
    bad(post(client, {"q": {"schema": "Company", "properties": {"innCode": ["7704734001"]}}}),
        400, "no name")  # fmt: skip
    bad(post(client, {"q": {"schema": "Company", "properties": {"name": ["-!?"]}}}), 400)


def test_too_many_queries_refused_before_any_work(client: TestClient) -> None:
    queries = {f"q{i}": {"schema": "Company", "properties": {"name": [f"Firm {i}"]}}
               for i in range(10_000)}  # fmt: skip
    started = time.monotonic()
    resp = post(client, queries)
    assert time.monotonic() - started < 5.0
    bad(resp, 413, "10000 queries", "GRAPHSVC_MAX_MATCH_QUERIES")


def test_long_names_and_large_bodies(client: TestClient) -> None:
    bad(post(client, {"q": {"schema": "Company", "properties": {"name": ["N" * 5000]}}}),
        400, "5000 characters", "1000")  # fmt: skip
    megabyte = {"q": {"schema": "Company", "properties": {"name": ["N" * 1_100_000]}}}
    bad(post(client, megabyte), 413, "bytes")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit holds while reading
        yield b'{"queries": {"q": {"schema": "Company", "properties": {"name": ["'
        for _ in range(300):
            yield b"N" * 4096
        yield b'"]}}}}'

    resp = client.post("/match/default", content=chunks(),
                       headers={"content-type": "application/json"})  # fmt: skip
    bad(resp, 413, "bytes")


def test_malformed_bodies(client: TestClient) -> None:
    def raw(body: bytes) -> Any:
        return client.post("/match/default", content=body,
                           headers={"content-type": "application/json"})  # fmt: skip

    bad(raw(b'{"queries": {"q": '), 400, "not valid JSON", "line 1")
    bad(raw(b""), 400, "empty")
    bad(raw(b"\xff\xfe"), 400)
    bad(raw(b"[" * 100_000 + b"]" * 100_000), 400)
    bad(raw(b"[1, 2]"), 400, "queries")
    bad(raw(b'{"queries": []}'), 400, "queries")
    bad(raw(b'{"queries": {}}'), 400, "empty")
    bad(raw(b'{"queries": {"q": "NtechLab"}}'), 400, "'q'")


@pytest.mark.parametrize(
    "props",
    [{"name": [1]}, {"name": {"a": "b"}}, {"name": 5}, {"name": [["x"]]}, {"name": None},
     ["name", "NtechLab"], "NtechLab", {"na me": ["x"]}],
)  # fmt: skip
def test_properties_must_be_lists_of_strings(client: TestClient, props: Any) -> None:
    resp = post(client, {"q": {"schema": "Company", "properties": props}})
    assert resp.status_code == 400, resp.text
    assert "'q'" in resp.json()["message"]


def test_query_parameters(client: TestClient) -> None:
    ok = {"q": {"schema": "Company", "properties": {"name": ["NtechLab"]}}}
    bad(post(client, ok, algorithm="logic-v1"), 400, "logic-v1", "graphsvc-v1")
    assert post(client, ok, limit=51).status_code == 422
    assert post(client, ok, limit=0).status_code == 422
    assert post(client, ok, threshold=2).status_code == 422
    assert post(client, ok, limit=50).status_code == 200
