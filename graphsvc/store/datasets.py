"""Which datasets a write may touch: claims live in claims datasets, and an
official list's dataset is written only by its loaders.

A dataset is of one kind for good. A *list* dataset is written by a loader of
a published file (sanctions lists, registries, procurement, benchmarks); its
records carry no citations. A *claims* dataset is written by claims files and
``addClaim``; every one of its records carries at least one citation. The
kind is kept on the ``:Dataset`` node once a load has finished; before that
(a dataset written by ``addClaim`` only, or a graph loaded before kinds were
kept) the records tell it.

The rule for claims, through the API or a claims file:
- the dataset name is a plain name (letters, digits, ``_ . -``; no ``:``, so
  that ``<dataset>:<id>`` can never spell another dataset's record id);
- it is not the dataset of any official loader (``LIST_DATASETS``), whether or
  not that list has been loaded yet;
- it holds no record written by a list loader (a list loaded under another
  name with ``--dataset`` is protected the same way);
- no record the claims would write exists under another dataset.
A list load, in turn, may not write into a claims dataset.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import neo4j

from graphsvc.claims import CLAIMS_DATASET
from queries import cypher

Kind = Literal["list", "claims"]

#: The default dataset of every official loader (tests/test_load_integrity.py
#: checks this against the ``dataset`` of each loader class).
LIST_DATASETS = frozenset(
    {
        "bods",
        "eu_fsf",
        "eu_journal",
        "gb_fcdo_sanctions",
        "gb_hmt_ofsi",
        "gleif",
        "iarpa_frpc",
        "ocds",
        "opensanctions",
        "ru_zakupki",
        "un_sc_sanctions",
        "us_nist_frvt",
        "us_ofac_sdn",
    }
)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


@dataclass(frozen=True)
class DatasetState:
    name: str
    kind: Kind | None  # None: the dataset holds no records yet
    last_edition: str | None
    active_sanctions: int


def dataset_state(tx: neo4j.ManagedTransaction, dataset: str) -> DatasetState:
    row = tx.run(cypher("store/dataset_state"), dataset=dataset).single()
    assert row is not None  # the query always returns one row
    return DatasetState(dataset, row["kind"], row["last_edition"], row["active"])


def claims_refusal(tx: neo4j.ManagedTransaction, dataset: str, ids: Sequence[str]) -> str | None:
    """Why claims may not be written to ``dataset`` as records ``ids``; None if they may."""
    if not _NAME.match(dataset):
        return (
            f"{dataset!r} is not a claims dataset name: use 1 to 100 letters, digits, "
            f"'_', '.' or '-' (no ':')"
        )
    hint = f"file claims under a claims dataset of your own, such as {CLAIMS_DATASET!r}"
    if dataset in LIST_DATASETS:
        return (
            f"dataset {dataset!r} is an official list, written only by its loader; "
            f"claims never change its records: {hint}"
        )
    if dataset_state(tx, dataset).kind == "list":
        return (
            f"dataset {dataset!r} holds records loaded from a published list; "
            f"claims never change them: {hint}"
        )
    foreign = [r["id"] for r in tx.run(cypher("store/foreign_records"), ids=list(ids),
                                        dataset=dataset)]  # fmt: skip
    if foreign:
        return f"record {foreign[0]!r} belongs to another dataset; claims never change it"
    return None


def list_refusal(state: DatasetState) -> str | None:
    """Why a list loader may not write to the dataset; None if it may."""
    if state.kind == "claims":
        return (
            f"dataset {state.name!r} holds claims; a published list is loaded under a "
            f"dataset of its own (see --dataset)"
        )
    return None
