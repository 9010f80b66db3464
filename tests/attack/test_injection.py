"""Every payload of the corpus through every text argument of the API.

Run: .venv/bin/pytest tests/attack/test_injection.py -q -s
(GRAPHSVC_ATTACK_FULL=1: every payload through every argument, about 11 minutes;
by default a covering tenth of that, see tests.attack.conftest.covers)

The GraphQL schema is introspected from the running server at test time: each
String, ID and JSON argument of every root query field and mutation (inside
input objects and lists too), and of the Entity fields reached through
``entity(id:)``, gets each payload in turn, sent as a variable; every Int and
Float argument gets edge values. ``POST /match`` gets each payload in its
dataset, its ``algorithm`` parameter, a query's key, schema, property names
and every property it reads. Mutations go with a reader key and with none.

A request fails the test when it answers 5xx, fails in transport or takes
longer than the query timeout, when a GraphQL error says "internal error" or
names Neo4j or Cypher internals, when a mutation is not refused, or when the
server logs an unexpected error. The graph (node and relationship counts, the
audit log's size and a digest of every node and link) must be the same after
each test. All failures are collected, printed and written to
``<pytest tmp>/attack-*/failures.json`` before the test fails.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from graphsvc.model import IDENTIFIER_PROPERTIES
from graphsvc.services.match_query import _NAME_PROPS, _PERSON_PARTS
from tests.attack.conftest import (
    FULL,
    AttackServer,
    Payload,
    corpus,
    covers,
    graph_state,
    json_body,
)

PAYLOADS = corpus()
CONCURRENCY = 6  # enough to keep the server busy without starving the other test sessions
ENTITY_ID = "moscow-case:ntechlab"
# Error text that would mean the database's or the runtime's internals reached a caller.
LEAKS = ("Neo.", "neo4j.", "Cypher", "Traceback", 'File "', "internal error")

# Valid values for arguments that are not under attack, so that each request
# reaches the resolver; keyed Type.field.arg(.inputField...). Anything not
# named here gets a value by its type (see default_value).
DEFAULTS: dict[str, Any] = {
    "Query.search.query": "NtechLab",
    "Query.paths.fromId": "moscow-case:nvidia",
    "Query.paths.toId": "moscow-case:moscow-metro",
    "Query.gaps.authority": "US",
    "Query.participants.programme": "us_nist_frvt:nist-frvt-11",
    "Query.match.schema": "Company",
    "Query.match.properties": {"name": ["NtechLab"]},
    "Mutation.judge.left": "moscow-case:visionlabs",
    "Mutation.judge.right": "us_nist_frvt:developer:visionlabs",
    "Mutation.judge.verdict": "NEGATIVE",
    "Mutation.addClaim.claim": {
        "id": "attack-probe",
        "schema": "Company",
        "properties": {"name": ["Attack Probe Ltd"]},
        "citation": {
            "publisher": "Example Times",
            "published": "2024-05-01",
            "quote": "Attack Probe Ltd exists",
        },
    },
}
SCALAR_DEFAULTS: dict[str, Any] = {
    "Int": 1,
    "Float": 0.5,
    "Boolean": False,
    "ID": ENTITY_ID,
    "String": "NtechLab",
    "JSON": {"name": ["NtechLab"]},
}
# Types whose field arguments are reached through a root field: the route's
# document, with {defs} for more variable definitions and {field} for the field.
ROUTES: dict[str, tuple[str, dict[str, Any]]] = {
    "Entity": (
        "query Attack($routeId: ID!{defs}) { entity(id: $routeId) { ... on Entity { {field} } } }",
        {"routeId": ENTITY_ID},
    ),
}
NUMBERS: dict[str, list[Any]] = {
    "Int": [0, -1, 2**31 - 1, -(2**31), 2**31, -(2**31) - 1, 2**63, 1.5, 10**400],
    "Float": [0.0, -0.0, -1.0, 1.0000001, 1e-320, 1e308, -1e308, 2**63, 10**400],
}

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"
INTROSPECTION = (
    "{ __schema { queryType { name } mutationType { name } types { kind name "
    f"fields {{ name args {{ name defaultValue type {{ {TYPE_REF} }} }} type {{ {TYPE_REF} }} }} "
    f"inputFields {{ name defaultValue type {{ {TYPE_REF} }} }} "
    "possibleTypes { name } enumValues { name } } } }"
)

Ref = dict[str, Any]
# (target, payload as shown, a request returning (problem or None, response text))
Job = tuple[str, str, Callable[[httpx.AsyncClient], Any]]


# --- the schema, as the server describes it ------------------------------------------
class Schema:
    def __init__(self, data: dict[str, Any]) -> None:
        self.types: dict[str, dict[str, Any]] = {t["name"]: t for t in data["types"]}
        self.query: str = data["queryType"]["name"]
        self.mutation: str | None = (data.get("mutationType") or {}).get("name")

    @staticmethod
    def named(ref: Ref) -> str:
        while ref["kind"] in ("NON_NULL", "LIST"):
            ref = ref["ofType"]
        return str(ref["name"])

    def kind(self, ref: Ref) -> str:
        return str(self.types[self.named(ref)]["kind"])

    @staticmethod
    def render(ref: Ref) -> str:
        if ref["kind"] == "NON_NULL":
            return Schema.render(ref["ofType"]) + "!"
        if ref["kind"] == "LIST":
            return f"[{Schema.render(ref['ofType'])}]"
        return str(ref["name"])

    @staticmethod
    def required(arg: dict[str, Any]) -> bool:
        return bool(arg["type"]["kind"] == "NON_NULL" and arg["defaultValue"] is None)

    def slots(self, ref: Ref) -> list[tuple[str, ...]]:
        """Where text can go in a value of this type: () is the value itself,
        "[]" an item of a list, an input field's name that field, "{value}"
        and "{key}" a value and a key of a JSON object, "{single}" a string
        where a list belongs and "{bare}" a string where the object belongs."""
        if ref["kind"] == "NON_NULL":
            return self.slots(ref["ofType"])
        if ref["kind"] == "LIST":
            return [("[]", *s) for s in self.slots(ref["ofType"])]
        t = self.types[ref["name"]]
        if t["kind"] == "INPUT_OBJECT":
            return [(f["name"], *s) for f in t["inputFields"] for s in self.slots(f["type"])]
        if t["kind"] != "SCALAR" or t["name"] in ("Int", "Float", "Boolean"):
            return []  # enums are checked by GraphQL; numbers have their own test
        if t["name"] == "JSON":
            return [("{value}",), ("{key}",), ("{single}",), ("{bare}",)]
        return [()]  # String, ID and any custom scalar: text

    def default_value(self, ref: Ref, key: str) -> Any:
        if key in DEFAULTS:
            return copy.deepcopy(DEFAULTS[key])
        if ref["kind"] == "NON_NULL":
            return self.default_value(ref["ofType"], key)
        if ref["kind"] == "LIST":
            return [self.default_value(ref["ofType"], key)]
        t = self.types[ref["name"]]
        if t["kind"] == "ENUM":
            return t["enumValues"][0]["name"]
        if t["kind"] == "INPUT_OBJECT":
            return {
                f["name"]: self.default_value(f["type"], f"{key}.{f['name']}")
                for f in t["inputFields"]
                if self.required(f)
            }
        return copy.deepcopy(SCALAR_DEFAULTS.get(t["name"], "NtechLab"))

    def inject(self, ref: Ref, value: Any, slot: tuple[str, ...], payload: Any, key: str) -> Any:
        """``value`` with ``payload`` at ``slot``."""
        if ref["kind"] == "NON_NULL":
            return self.inject(ref["ofType"], value, slot, payload, key)
        if not slot:
            return payload
        head, rest = slot[0], slot[1:]
        if head == "[]":
            inner = ref["ofType"]
            return [self.inject(inner, self.default_value(inner, key), rest, payload, key)]
        if head == "{value}":
            return {"name": [payload]}
        if head == "{key}":
            return {payload: ["NtechLab"]}
        if head == "{single}":  # a string where a list of them belongs
            return {"name": payload}
        if head == "{bare}":  # a string where an object belongs
            return payload
        fields = {f["name"]: f for f in self.types[ref["name"]]["inputFields"]}
        sub_key = f"{key}.{head}"
        out = dict(value) if isinstance(value, dict) else {}
        current = out.get(head, self.default_value(fields[head]["type"], sub_key))
        out[head] = self.inject(fields[head]["type"], current, rest, payload, sub_key)
        return out

    def selection(self, ref: Ref, depth: int) -> str:
        """Every field without required arguments, ``depth`` levels deep: the
        fields a resolver only works out when selected get asked too."""
        t = self.types[self.named(ref)]
        if t["kind"] in ("SCALAR", "ENUM"):
            return ""
        if t["kind"] == "UNION":
            parts = [
                f"... on {p['name']} {self.selection(_ref(p['name']), depth - 1)}"
                for p in t["possibleTypes"]
            ]
            return "{ __typename " + " ".join(parts) + " }"
        chosen = []
        for f in t["fields"]:
            if any(self.required(a) for a in f["args"]):
                continue
            if self.kind(f["type"]) in ("SCALAR", "ENUM"):
                chosen.append(f["name"])
            elif depth > 0:
                chosen.append(f"{f['name']} {self.selection(f['type'], depth - 1)}")
        return "{ " + " ".join(chosen or ["__typename"]) + " }"


def _ref(name: str) -> Ref:
    return {"kind": "OBJECT", "name": name, "ofType": None}


# --- what is attacked ----------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    label: str  # Type.field(arg.slot)
    document: str
    field: str  # the root field whose data must stay null for a refused mutation
    arg: str
    ref: Ref
    slot: tuple[str, ...]
    base: dict[str, Any]  # variables with valid values
    key: str

    def variables(self, schema: Schema, payload: Any) -> dict[str, Any]:
        out = copy.deepcopy(self.base)
        out[self.arg] = schema.inject(self.ref, out.get(self.arg), self.slot, payload, self.key)
        return out


def _slot_label(slot: tuple[str, ...]) -> str:
    return "".join(s if s.startswith(("[", "{")) else f".{s}" for s in slot)


def field_targets(
    schema: Schema, type_name: str, wanted: Callable[[Ref], list[tuple[str, ...]]]
) -> Iterator[Target]:
    """A target per argument slot of each field of ``type_name``."""
    is_root = type_name in (schema.query, schema.mutation)
    keyword = "mutation" if type_name == schema.mutation else "query"
    for f in schema.types[type_name]["fields"]:
        for arg in f["args"]:
            for slot in wanted(arg["type"]):
                args = [a for a in f["args"] if schema.required(a) or a is arg]
                defs = ", ".join(f"${a['name']}: {schema.render(a['type'])}" for a in args)
                passed = ", ".join(f"{a['name']}: ${a['name']}" for a in args)
                call = f"{f['name']}({passed})"
                call += " " + schema.selection(f["type"], 3 if is_root else 2)
                if is_root:
                    document = f"{keyword} Attack({defs}) {{ {call} }}"
                    base: dict[str, Any] = {}
                else:
                    route, route_vars = ROUTES[type_name]
                    document = route.replace("{defs}", f", {defs}").replace("{field}", call)
                    base = dict(route_vars)
                for a in args:
                    base[a["name"]] = schema.default_value(
                        a["type"], f"{type_name}.{f['name']}.{a['name']}"
                    )
                yield Target(
                    label=f"{type_name}.{f['name']}({arg['name']}{_slot_label(slot)})",
                    document=document,
                    field=f["name"],
                    arg=arg["name"],
                    ref=arg["type"],
                    slot=slot,
                    base=base,
                    key=f"{type_name}.{f['name']}.{arg['name']}",
                )


def routed_types(schema: Schema) -> list[str]:
    """Object types, besides the roots, with a field that takes arguments."""
    roots = {schema.query, schema.mutation}
    return sorted(
        name
        for name, t in schema.types.items()
        if t["kind"] == "OBJECT" and name not in roots and not name.startswith("__")
        if any(f["args"] for f in t["fields"] or [])
    )


def number_slots(schema: Schema) -> Callable[[Ref], list[tuple[str, ...]]]:
    def wanted(ref: Ref) -> list[tuple[str, ...]]:
        base = ref["ofType"] if ref["kind"] == "NON_NULL" else ref
        return [()] if base["kind"] == "SCALAR" and base["name"] in NUMBERS else []

    return wanted


# --- sending and judging ---------------------------------------------------------------
@dataclass
class Attack:
    server: AttackServer
    out_dir: Path
    sent: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, Any]] = field(default_factory=list)
    slowest: dict[str, tuple[float, str]] = field(default_factory=dict)

    def fail(self, target: str, payload: str, problem: str, response: str) -> None:
        self.failures.append(
            {"target": target, "payload": payload, "problem": problem, "response": response[:600]}
        )

    async def run(self, jobs: Iterable[Job]) -> None:
        """Each job is (target, payload shown, coroutine factory returning a check)."""
        limit = asyncio.Semaphore(CONCURRENCY)
        timeout = httpx.Timeout(self.server.time_limit * 2 + 5)
        async with httpx.AsyncClient(base_url=self.server.base_url, timeout=timeout) as client:

            async def one(target: str, shown: str, job: Callable[[httpx.AsyncClient], Any]) -> None:
                async with limit:
                    started = time.monotonic()
                    try:
                        problem, body = await job(client)
                    except httpx.HTTPError as exc:
                        problem, body = f"transport error {type(exc).__name__}", repr(exc)
                    except httpx.InvalidURL as exc:  # counted, so that nothing is left out unseen
                        problem, body = "the client could not send it", repr(exc)
                    elapsed = time.monotonic() - started
                self.sent[target] += 1
                if elapsed > self.slowest.get(target, (0.0, ""))[0]:
                    self.slowest[target] = (round(elapsed, 3), shown)
                if elapsed > self.server.time_limit:
                    self.fail(target, shown, f"took {elapsed:.1f} s", body)
                if problem:
                    self.fail(target, shown, problem, body)

            await asyncio.gather(*(one(*job) for job in jobs))

    def finish(self, name: str, before: Any) -> None:
        after = graph_state(self.server.driver)
        if after != before:
            self.fail("graph", "-", f"the graph changed: {before} -> {after}", "")
        for line in self.server.new_log_alarms():
            self.fail("server log", "-", "unexpected error logged", line)
        total = sum(self.sent.values())
        report = self.out_dir / "failures.json"
        report.write_text(
            json.dumps(
                {"sent": self.sent, "slowest": self.slowest, "failures": self.failures},
                indent=1,
                ensure_ascii=False,
            )
        )
        print(
            f"\n{name}: {total} requests over {len(self.sent)} targets, "
            f"slowest {max((s for s, _ in self.slowest.values()), default=0):.2f} s, "
            f"{len(self.failures)} failures; {report}"
        )
        slow = sorted(self.slowest.items(), key=lambda item: -item[1][0])[:5]
        for target, (seconds, shown) in slow:
            print(f"  slowest: {seconds:.2f} s {target} <- {shown[:100]}")
        if self.failures:
            kinds = Counter((f["target"], f["problem"]) for f in self.failures)
            lines = [f"{n} x {t}: {p}" for (t, p), n in kinds.most_common(40)]
            examples = [
                f"{f['target']} <- {f['payload']}: {f['problem']}: {f['response'][:300]}"
                for f in _one_per_kind(self.failures)[:25]
            ]
            pytest.fail(
                f"{len(self.failures)} failures in {total} requests (all in {report})\n"
                + "\n".join(lines)
                + "\n-- one of each --\n"
                + "\n".join(examples),
                pytrace=False,
            )


def _one_per_kind(failures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for f in failures:
        seen.setdefault((f["target"], f["problem"]), f)
    return list(seen.values())


def graphql_problem(resp: httpx.Response, field_name: str, mutation: str | None) -> str | None:
    """What is wrong with a GraphQL answer, if anything. ``mutation``: the
    refusal text the error must carry (the write must not run)."""
    if resp.status_code >= 500:
        return f"HTTP {resp.status_code}"
    if resp.status_code != 200:
        return None  # refused before execution (malformed JSON, query, ...)
    try:
        body = resp.json()
    except ValueError:
        return "HTTP 200 with a body that is not JSON"
    errors = body.get("errors") or []
    for e in errors:
        message = str(e.get("message", ""))
        leaked = [w for w in LEAKS if w in message]
        if leaked:
            return f"error message shows {leaked[0]!r}"
    if mutation is None:
        return None
    data = body.get("data") or {}
    if data.get(field_name) is not None:
        return "the mutation ran"
    own = [e for e in errors if (e.get("path") or [None])[0] == field_name]
    if own and not any(mutation in str(e.get("message")) for e in own):
        return f"refused, but not for its key: {own[0].get('message')!r}"
    if not errors:
        return "no error and no data"
    return None


@pytest.fixture(scope="module")
def schema(attack_server: AttackServer) -> Schema:
    resp = httpx.post(
        f"{attack_server.base_url}/graphql", json={"query": INTROSPECTION}, timeout=30
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert not body.get("errors"), body["errors"]
    return Schema(body["data"]["__schema"])


def attack(
    attack_server: AttackServer, tmp_path_factory: pytest.TempPathFactory, name: str
) -> Attack:
    return Attack(attack_server, tmp_path_factory.mktemp(f"attack-{name}"))


def graphql_job(
    schema: Schema, target: Target, payload: Payload, headers: dict[str, str], refusal: str | None
) -> Job:
    body = json_body(
        {"query": target.document, "variables": target.variables(schema, payload.text)}
    )

    async def job(client: httpx.AsyncClient) -> tuple[str | None, str]:
        resp = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json", **headers}
        )
        return graphql_problem(resp, target.field, refusal), resp.text

    return target.label, payload.show(), job


# --- the tests -----------------------------------------------------------------------
def test_every_text_argument_of_every_query_field(
    attack_server: AttackServer, schema: Schema, tmp_path_factory: pytest.TempPathFactory
) -> None:
    routed = routed_types(schema)
    unrouted = [
        t
        for t in routed
        if t not in ROUTES
        if any(schema.slots(a["type"]) for f in schema.types[t]["fields"] for a in f["args"])
    ]
    assert not unrouted, f"text arguments on {unrouted}: add a route to ROUTES to attack them"
    targets = list(field_targets(schema, schema.query, schema.slots))
    for type_name in routed:
        if type_name in ROUTES:
            targets += field_targets(schema, type_name, schema.slots)
    roots = {f["name"] for f in schema.types[schema.query]["fields"] if f["args"]}
    assert roots <= {t.field for t in targets}, "a root field with arguments was left out"
    print(
        f"\n{len(PAYLOADS)} payloads over {len(targets)} query argument slots "
        f"({'all' if FULL else 'covering'}): " + ", ".join(t.label for t in targets)
    )
    before = graph_state(attack_server.driver)
    run = attack(attack_server, tmp_path_factory, "queries")
    asyncio.run(
        run.run(
            graphql_job(schema, t, p, {}, None)
            for ti, t in enumerate(targets)
            for pi, p in enumerate(PAYLOADS)
            if covers(ti, pi)
        )
    )
    run.finish("queries", before)


def test_mutations_with_a_reader_key_or_none_are_refused_whatever_the_input(
    attack_server: AttackServer, schema: Schema, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert schema.mutation is not None
    targets = list(field_targets(schema, schema.mutation, schema.slots))
    mutations = {f["name"] for f in schema.types[schema.mutation]["fields"]}
    assert {t.field for t in targets} == mutations
    print(
        f"\n{len(PAYLOADS)} payloads over {len(targets)} mutation argument slots x 2 keys "
        f"({'all' if FULL else 'covering'}): " + ", ".join(t.label for t in targets)
    )
    callers = [
        ({}, "an API key is needed"),
        ({"x-api-key": attack_server.reader_key}, "needs the writer role"),
    ]
    before = graph_state(attack_server.driver)
    run = attack(attack_server, tmp_path_factory, "mutations")
    asyncio.run(
        run.run(
            graphql_job(schema, t, p, h, r)
            for ti, t in enumerate(targets)
            for pi, p in enumerate(PAYLOADS)
            if covers(ti, pi)
            for h, r in callers
        )
    )
    run.finish("mutations", before)


def test_number_edges_in_every_int_and_float_argument(
    attack_server: AttackServer, schema: Schema, tmp_path_factory: pytest.TempPathFactory
) -> None:
    wanted = number_slots(schema)
    targets = list(field_targets(schema, schema.query, wanted))
    for type_name in routed_types(schema):
        if type_name in ROUTES:
            targets += field_targets(schema, type_name, wanted)
    assert targets, "no Int or Float argument found"
    jobs = []
    for t in targets:
        for value in NUMBERS[Schema.named(t.ref)]:
            number = Payload(f"number:{value!r}"[:40], "")
            body = json_body({"query": t.document, "variables": t.variables(schema, value)})
            jobs.append((t.label, number.source, _post_graphql(body, t.field)))
    print(f"\n{len(jobs)} number edge requests over {len(targets)} arguments")
    before = graph_state(attack_server.driver)
    run = attack(attack_server, tmp_path_factory, "numbers")
    asyncio.run(run.run(jobs))
    run.finish("numbers", before)


def _post_graphql(body: bytes, field_name: str) -> Callable[[httpx.AsyncClient], Any]:
    async def job(client: httpx.AsyncClient) -> tuple[str | None, str]:
        resp = await client.post(
            "/graphql", content=body, headers={"content-type": "application/json"}
        )
        return graphql_problem(resp, field_name, None), resp.text

    return job


# --- /match -------------------------------------------------------------------------
PERSON_ONLY = {*_PERSON_PARTS, "birthDate", "nationality", "gender"}
# The properties the matcher reads, and one it does not know.
MATCH_PROPERTIES = [
    *sorted({*_NAME_PROPS, *PERSON_ONLY, *IDENTIFIER_PROPERTIES}),
    *("country", "jurisdiction", "incorporationDate", "address", "notAProperty"),
]


def match_problem(resp: httpx.Response) -> str | None:
    if resp.status_code >= 500:
        return f"HTTP {resp.status_code}"
    if 300 <= resp.status_code < 400:
        return None  # a dataset ending in "/" (%2F) is redirected to the path without it
    try:
        body = resp.json()
    except ValueError:
        return f"HTTP {resp.status_code} with a body that is not JSON"
    text = json.dumps(body)
    leaked = [w for w in LEAKS if w in text and resp.status_code != 200]
    if leaked:
        return f"error shows {leaked[0]!r}"
    if resp.status_code == 200 and "responses" not in body:
        return "HTTP 200 without responses"
    return None


# httpx refuses URLs over 65,536 characters: longer payloads go in cut to this
# (encoded) length, and the target's name says so.
MAX_URL_PART = 60_000


def _url_part(text: str) -> tuple[str, str]:
    """The payload percent-encoded for a URL, and a note when it had to be cut."""
    # surrogatepass: a lone surrogate goes out as the bytes a hostile client would send
    encoded = quote(text.encode("utf-8", "surrogatepass"), safe="")
    if len(encoded) <= MAX_URL_PART:
        return encoded, ""
    return encoded[: MAX_URL_PART - MAX_URL_PART % 3], " (cut to fit a URL)"


def match_jobs(payload: Payload) -> Iterator[Job]:
    shown, text = payload.show(), payload.text
    company = {"name": ["NtechLab"]}

    def post(url: str, body: Any) -> Callable[[httpx.AsyncClient], Any]:
        content = json_body(body)

        async def job(client: httpx.AsyncClient) -> tuple[str | None, str]:
            resp = await client.post(
                url, content=content, headers={"content-type": "application/json"}
            )
            return match_problem(resp), resp.text

        return job

    def one(schema: str, props: dict[str, Any], key: str = "q") -> dict[str, Any]:
        return {"queries": {key: {"schema": schema, "properties": props}}}

    part, cut = _url_part(text)
    yield f"match /match/{{dataset}}{cut}", shown, post(f"/match/{part}", one("Company", company))
    yield (
        f"match ?algorithm={cut}",
        shown,
        post(f"/match/default?algorithm={part}", one("Company", company)),
    )
    yield "match queries.<key>", shown, post("/match/default", one("Company", company, text))
    yield "match query.schema", shown, post("/match/default", one(text, company))
    yield (
        "match properties.<name>",
        shown,
        post("/match/default", one("Company", {**company, text: ["x"]})),
    )
    yield (
        "match weights.<name>",
        shown,
        post("/match/default", {**one("Company", company), "weights": {text: 1}}),
    )
    for prop in MATCH_PROPERTIES:
        schema = "Person" if prop in PERSON_ONLY else "Company"
        props = {prop: [text]} if prop == "name" else {"name": ["NtechLab"], prop: [text]}
        yield f"match properties.{prop}", shown, post("/match/default", one(schema, props))
    yield (
        "match properties.name (string)",
        shown,
        post("/match/default", one("Company", {"name": text})),
    )


def test_every_string_of_match(
    attack_server: AttackServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    slots = len(list(match_jobs(PAYLOADS[0])))
    jobs = [
        job
        for pi, p in enumerate(PAYLOADS)
        for si, job in enumerate(match_jobs(p))
        if covers(si, pi)
    ]
    print(f"\n{len(PAYLOADS)} payloads over {slots} /match slots: {len(jobs)} requests")
    before = graph_state(attack_server.driver)
    run = attack(attack_server, tmp_path_factory, "match")
    asyncio.run(run.run(jobs))
    run.finish("match", before)


def test_heaviest_legal_requests_answer_within_the_timeout(
    attack_server: AttackServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Bodies at the documented limits: the most queries, values and characters
    the API accepts still come back in time."""
    words = ["ntech", "lab", "synesis", "tevian", "vision", "labs", "moscow", "metro"]
    long_name = " ".join(words[i % len(words)] + str(i) for i in range(200))[:1000]
    props = {"name": [long_name[i:] + long_name[:i] for i in range(0, 50 * 7, 7)]}
    assert len(json_body(props)) < 60_000
    many = {"queries": {f"q{i}": {"schema": "Company", "properties": props} for i in range(15)}}
    wide = {
        "queries": {
            f"q{i}": {"schema": "Company", "properties": {"name": ["Ntech Lab"]}}
            for i in range(100)
        }
    }
    names = {"name": ["ntechlab~1 " * 90], "alias": ["\ufdfa" * 1000]}
    graphql_match = (
        'query Attack($p: JSON!) { match(schema: "Company", properties: $p, limit: 50) '
        "{ entityId score explanation } }"
    )
    bodies: list[tuple[str, str, bytes]] = [
        ("/match", "15 queries x 50 names x 1000 chars", json_body(many)),
        ("/match", "100 queries", json_body(wide)),
        (
            "/match",
            "fuzzy and NFKC-expanding names",
            json_body({"queries": {"q": {"schema": "Company", "properties": names}}}),
        ),
        (
            "/graphql",
            "match 50 names x 1000 chars",
            json_body({"query": graphql_match, "variables": {"p": props}}),
        ),
    ]

    def job(path: str, body: bytes) -> Callable[[httpx.AsyncClient], Any]:
        async def go(client: httpx.AsyncClient) -> tuple[str | None, str]:
            url = f"{path}/default?limit=50" if path == "/match" else path
            resp = await client.post(
                url, content=body, headers={"content-type": "application/json"}
            )
            if path == "/match":
                return match_problem(resp), resp.text
            return graphql_problem(resp, "match", None), resp.text

        return go

    before = graph_state(attack_server.driver)
    run = attack(attack_server, tmp_path_factory, "heavy")
    asyncio.run(run.run((f"heavy {p}", what, job(p, b)) for p, what, b in bodies))
    run.finish("heavy", before)
