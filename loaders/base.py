"""The interface every format reader implements.

A loader reads one published file and yields ``Record`` objects as it goes:
it never holds the whole file, so memory stays flat whatever the file size.
It raises ``LoadError`` naming the file and the line or record for anything
it cannot read; the caller then commits nothing from that file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Literal

from graphsvc.errors import LoadError
from graphsvc.model import Record

__all__ = ["LoadError", "Loader"]


class Loader(ABC):
    """Reads one file format into records."""

    #: Short name used on the command line (``graphsvc load ofac-xml FILE``).
    format: ClassVar[str]
    #: The dataset name records are filed under unless the caller overrides it.
    dataset: ClassVar[str]
    #: One line for ``graphsvc load --help`` and docs/loaders.md.
    title: ClassVar[str]
    #: "list": each file is a whole edition of an official dataset, and the
    #: sanctions a newer edition leaves out are ended. "claims": cited
    #: statements, added file by file and never ended by their absence; they
    #: may only be filed under a claims dataset (graphsvc/store/datasets.py).
    kind: ClassVar[Literal["list", "claims"]] = "list"
    #: True where the format states one record several times and the last
    #: statement is the record (an OCDS party in every release naming it, a
    #: BODS 0.4 record in each statement about it). Otherwise an id the file
    #: gives twice with different content refuses the file (loaders/ingest.py).
    restates: ClassVar[bool] = False

    def __init__(self, path: Path, dataset: str | None = None) -> None:
        self.path = path
        self.dataset_name = dataset if dataset is not None else self.dataset
        #: Things worth telling the user that do not stop the load.
        self.warnings: list[str] = []

    @classmethod
    @abstractmethod
    def sniff(cls, path: Path, head: bytes) -> bool:
        """True if ``head`` (the file's first 64 KiB) is unambiguously this format."""

    @abstractmethod
    def read(self) -> Iterator[Record]:
        """Yield the file's records in file order."""

    def error(self, where: str | int | None, message: str) -> LoadError:
        return LoadError(self.path, where, message)
