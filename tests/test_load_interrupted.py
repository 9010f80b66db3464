"""A load killed part-way, then run again, leaves the graph a clean load leaves.

A load of up to GRAPHSVC_ATOMIC_LOAD_RECORDS records is one transaction: killed,
it leaves the graph as it was, and a reader meanwhile sees the graph before it.
A larger load commits in batches and resolution rebuilds entities in chunks,
so it can stop with records written and their entities not yet rebuilt. Such
records stay marked unresolved, and the next resolution (the re-run's)
finishes their entities, even though the re-run finds the records unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graphsvc.settings import Settings
from loaders.ingest import expand_paths
from tests.conftest import CASE_DATA, wipe
from tests.graphtools import FIXTURE_EDITION, fingerprint, listed_by, load_files, query
from tests.test_load_idempotent import ALARCON, SANCTIONS, _newer_ofac_edition

CASE = expand_paths([CASE_DATA])


class Killed(BaseException):
    """The process dying: not an Exception, so nothing on the way catches it."""


def _kill(*_a: Any, **_k: Any) -> Any:
    raise Killed


def _load(driver: neo4j.Driver, settings: Settings, paths: Sequence[Path]) -> None:
    load_files(driver, settings, paths, edition=FIXTURE_EDITION)


@pytest.fixture()
def small_batches(settings: Settings) -> Settings:
    # Several write batches and rebuild chunks even for the bundled case, each
    # committed on its own.
    return settings.model_copy(update={"batch_size": 40, "atomic_load_records": 0})


@pytest.fixture()
def atomic(settings: Settings) -> Settings:
    return settings.model_copy(update={"batch_size": 40, "atomic_load_records": 1_000_000})


def _clean(driver: neo4j.Driver, settings: Settings, *loads: Sequence[Path]) -> str:
    wipe(driver, settings)
    for paths in loads:
        _load(driver, settings, paths)
    return fingerprint(driver)


def test_killed_before_resolution_then_rerun_equals_clean(
    clean_graph: neo4j.Driver, small_batches: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = _clean(clean_graph, small_batches, CASE)
    wipe(clean_graph, small_batches)
    with monkeypatch.context() as m:
        m.setattr("loaders.ingest.resolve_graph", _kill)
        with pytest.raises(Killed):
            _load(clean_graph, small_batches, CASE)
    pending = query(clean_graph, "MATCH (r:Record) WHERE r.unresolved RETURN count(r) AS n")
    assert pending[0]["n"] > 0, "the killed load left its records marked"
    _load(clean_graph, small_batches, CASE)
    assert fingerprint(clean_graph) == clean


def test_killed_while_rebuilding_then_rerun_equals_clean(
    clean_graph: neo4j.Driver, small_batches: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphsvc.store import materialise

    clean = _clean(clean_graph, small_batches, CASE)
    wipe(clean_graph, small_batches)
    rebuild = materialise.rebuild
    calls = {"n": 0}

    def dies_on_third_chunk(*args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise Killed
        return rebuild(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(materialise, "rebuild", dies_on_third_chunk)
        with pytest.raises(Killed):
            _load(clean_graph, small_batches, CASE)
    _load(clean_graph, small_batches, CASE)
    assert fingerprint(clean_graph) == clean
    unresolved = query(clean_graph, "MATCH (r:Record) WHERE r.unresolved RETURN count(r) AS n")
    assert unresolved[0]["n"] == 0


def test_a_newer_edition_killed_before_resolution_still_ends_its_sanctions(
    clean_graph: neo4j.Driver,
    small_batches: Settings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    settings = small_batches.model_copy(update={"max_delisting_share": 0.25})
    first, newer = SANCTIONS / "ofac_sdn_new_ns.xml", _newer_ofac_edition(tmp_path)
    clean = _clean(clean_graph, settings, [first], [newer])
    wipe(clean_graph, settings)
    _load(clean_graph, settings, [first])
    with monkeypatch.context() as m:
        m.setattr("loaders.ingest.resolve_graph", _kill)
        with pytest.raises(Killed):
            _load(clean_graph, settings, [newer])
    # The re-run finds every record unchanged and the edition already recorded...
    _load(clean_graph, settings, [newer])
    # ...and still rebuilds the entity whose sanction the killed load ended.
    (person,) = query(
        clean_graph,
        "MATCH (r:Record {id: $id})-[:PART_OF]->(e:Entity) RETURN properties(e) AS e",
        id=f"us_ofac_sdn:{ALARCON}",
    )
    assert listed_by(person["e"]) == []
    assert fingerprint(clean_graph) == clean


def test_an_atomic_load_killed_while_rebuilding_leaves_the_graph_as_it_was(
    clean_graph: neo4j.Driver, atomic: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from graphsvc.store import materialise

    first, newer = SANCTIONS / "ofac_sdn_new_ns.xml", _newer_ofac_edition(tmp_path)
    settings = atomic.model_copy(update={"max_delisting_share": 0.25})
    clean = _clean(clean_graph, settings, [first], [newer])
    wipe(clean_graph, settings)
    _load(clean_graph, settings, [first])
    before = fingerprint(clean_graph)
    rebuild = materialise.rebuild
    seen_by_reader: list[str] = []

    def dies_after_a_chunk(*args: Any, **kwargs: Any) -> int:
        rebuild(*args, **kwargs)
        # another session, as the API's: it must see the graph before the load
        seen_by_reader.append(fingerprint(clean_graph))
        raise Killed

    with monkeypatch.context() as m:
        m.setattr(materialise, "rebuild", dies_after_a_chunk)
        with pytest.raises(Killed):
            _load(clean_graph, settings, [newer])
    assert seen_by_reader == [before]
    assert fingerprint(clean_graph) == before
    _load(clean_graph, settings, [newer])
    assert fingerprint(clean_graph) == clean


def test_a_reader_sees_an_atomic_load_whole_or_not_at_all(
    clean_graph: neo4j.Driver, atomic: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphsvc.store import materialise

    clean = _clean(clean_graph, atomic, CASE)
    wipe(clean_graph, atomic)
    empty = fingerprint(clean_graph)
    rebuild = materialise.rebuild
    seen_by_reader: list[str] = []

    def watched(*args: Any, **kwargs: Any) -> int:
        seen_by_reader.append(fingerprint(clean_graph))
        return rebuild(*args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(materialise, "rebuild", watched)
        summary = load_files(clean_graph, atomic, CASE, edition=FIXTURE_EDITION)
    assert summary.atomic
    assert len(seen_by_reader) > 1, "the case rebuilds in several chunks"
    assert set(seen_by_reader) == {empty}
    assert fingerprint(clean_graph) == clean
