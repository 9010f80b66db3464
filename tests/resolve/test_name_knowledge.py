"""Name knowledge from maintained sources (rigour's legal forms, person-name data
and ordinals), and the rule that a name part spelled otherwise is never merged
on names alone."""

from __future__ import annotations

import pytest

from graphsvc.resolve.score import AUTO_MATCH, REVIEW, MatchInput, score


def _score(schema: str, a: str, b: str, **extra: list[str]) -> float:
    left = MatchInput.from_dict({"id": "a", "schema": schema, "names": [a], **extra})
    right = MatchInput.from_dict({"id": "b", "schema": schema, "names": [b], **extra})
    return score(left, right).score


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Sp. z o.o.", "Acme LLC"),  # Polish
        ("Acme Società a responsabilità limitata", "Acme S.r.l."),  # Italian, accents
        ("Renault S.A.S.", "Renault SAS"),  # French, with dots
        ("Siemens Aktiengesellschaft", "Siemens AG"),  # German
        ("Nokia Oyj", "Nokia"),  # Finnish
        ("Acme Besloten Vennootschap", "Acme B.V."),  # Dutch
        ("ГУП «Мосгортранс»", "Mosgortrans"),  # Russian state unitary enterprise
    ],
)
def test_legal_forms_of_other_languages_do_not_count(a: str, b: str) -> None:
    assert _score("Company", a, b) >= AUTO_MATCH


def test_numbers_written_as_words_are_numbers() -> None:
    assert _score("Company", "Three Stars LLC", "3 Stars LLC") >= AUTO_MATCH
    assert _score("Company", "Три звезды", "3 Zvezdy") >= AUTO_MATCH
    # and a different number is a different company
    assert _score("Company", "Three Stars LLC", "4 Stars LLC") < AUTO_MATCH


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aleksandr Ivanov", "Sasha Ivanov"),  # short form
        ("William Clinton", "Bill Clinton"),  # nickname
        ("Mohammed Ali Hassan", "Muhammad Ali Hassan"),  # spelling
        ("Abdulrahman Ali", "Abdul Rahman Ali"),  # written without a space
    ],
)
def test_given_name_variants_and_joined_parts(a: str, b: str) -> None:
    assert _score("Person", a, b) >= AUTO_MATCH


def test_a_surname_spelled_otherwise_is_for_review_on_names_alone() -> None:
    alone = _score("Person", "Ivan Petrakov", "Ivan Petranov")
    assert REVIEW <= alone < AUTO_MATCH
    # transliteration variants of one surname are the same surname
    assert _score("Person", "Aleksandr Shatrov", "Aliaksandr Shatrou") >= AUTO_MATCH
    # an agreeing birth date and country can carry a near spelling over the line
    both = _score(
        "Person", "Ivan Petrakov", "Ivan Petranov", birth_dates=["1970-01-02"], countries=["ru"]
    )
    assert both >= AUTO_MATCH
