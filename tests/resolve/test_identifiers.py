from __future__ import annotations

import pytest

from graphsvc.resolve.identifiers import (
    CONFLICT_SCHEMES,
    STRONG_SCHEMES,
    can_merge,
    identifier_key,
    ogrn_valid,
)
from graphsvc.resolve.score import MatchInput, score


@pytest.mark.parametrize(
    ("scheme", "value", "key", "valid"),
    [
        ("inn", "7704734000", "inn:7704734000", True),  # Synesis (case facts)
        ("inn", "7704 274 402", "inn:7704274402", True),  # Rostec
        ("inn", "7707314029", "inn:7707314029", True),  # Elektronnaya Moskva
        ("inn", "3900040153", "inn:3900040153", True),  # NTK
        ("inn", "7707083893", "inn:7707083893", True),  # Sberbank (egrul.nalog.ru)
        ("inn", "7704734001", "inn:7704734001", False),  # wrong check digit
        ("inn", "500100732259", "inn:500100732259", True),  # 12-digit, both checks
        ("inn", "500100732250", "inn:500100732250", False),
        ("inn", "77047340", "inn:77047340", False),
        ("inn", "77047340OO", "inn:77047340OO", False),  # letters O for zeros
        ("ogrn", "1253900004412", "ogrn:1253900004412", True),  # NTK
        ("ogrn", "1253900004413", "ogrn:1253900004413", False),
        ("ogrn", "1027700132195", "ogrn:1027700132195", True),  # Sberbank (egrul.nalog.ru)
        ("ogrn", "1027739609391", "ogrn:1027739609391", True),  # VTB Bank (egrul.nalog.ru)
        ("ogrn", "0027700132195", "ogrn:0027700132195", False),  # cannot start with 0
        ("ogrn", "304500116000157", "ogrn:304500116000157", True),  # OGRNIP, ru.wikipedia
        ("ogrn", "304500116000158", "ogrn:304500116000158", False),
        ("ogrn", "104500116000157", "ogrn:104500116000157", False),  # OGRNIP starts 3 or 4
        ("ogrn", "10277001321955", "ogrn:10277001321955", False),  # 14 digits
        ("kpp", "770301001", "kpp:770301001", True),
        ("kpp", "7703AB001", "kpp:7703AB001", True),
        ("kpp", "77030100", "kpp:77030100", False),
        ("lei", "253400JT3MQWNDKMJE44", "lei:253400JT3MQWNDKMJE44", True),
        ("lei", "253400jt3mqwndkmje45", "lei:253400JT3MQWNDKMJE45", False),
        ("lei", "7LTWFZYICNSX8D621K86", "lei:7LTWFZYICNSX8D621K86", True),  # Deutsche Bank, GLEIF
        ("lei", "7LTWFZYICNSX8D621K8", "lei:7LTWFZYICNSX8D621K8", False),  # 19 characters
        ("wikidata", "q42", "wikidata:Q42", True),
        ("wikidata", "https://www.wikidata.org/wiki/Q42", "wikidata:Q42", True),
        ("wikidata", "Q042", "wikidata:Q042", False),  # Wikidata never pads QIDs
        ("wikidata", "Q", "wikidata:Q", False),
        ("reg:by", "190 950 894", "reg:by:190950894", True),
        ("passport", "4509 123456", "passport:4509123456", True),  # no published check
    ],
)
def test_identifier_key(scheme: str, value: str, key: str, valid: bool) -> None:
    assert identifier_key(scheme, value) == (key, valid)


# --- BIC / SWIFT (ISO 9362) ------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    ["DEUTDEFF", "DEUTDEFFXXX", "deutdeffxxx", "DEUT DE FF XXX", "DEUT-DE-FF"],
)
def test_bic_head_office_forms_share_one_key(value: str) -> None:
    # Deutsche Bank AG, Frankfurt: its published SWIFT code.
    assert identifier_key("bic", value) == ("bic:DEUTDEFF", True)


def test_bic_branch_is_its_own_valid_key() -> None:
    # Credit Agricole branch BIC, from python-stdnum's bic documentation.
    assert identifier_key("bic", "AGRIFRPP882") == ("bic:AGRIFRPP882", True)
    assert identifier_key("bic", "AGRIFRPP") == ("bic:AGRIFRPP", True)
    # A branch and its head office neither merge on the BIC nor conflict over it.
    assert "bic" not in CONFLICT_SCHEMES


@pytest.mark.parametrize(
    "value",
    [
        "DEUTZZFF",  # ZZ is no ISO 3166 country
        "DEUTD1FF",  # country code with a digit
        "DEUTDEF",  # 7 characters
        "DEUTDEFF5",  # 9 characters
        "DEUTDEFF50",  # 10 characters
        "DEUTDEFFXXXX",  # 12 characters
        "1EUTDEFF",  # bank code must be letters
        "DEUTDEFF50Ä",  # non-ASCII
    ],
)
def test_malformed_bic_is_invalid(value: str) -> None:
    assert identifier_key("bic", value)[1] is False


# --- IMO -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("IMO 9074729", True),  # worked example in Wikipedia's "IMO number" article
        ("9074729", True),
        ("IMO9339301", True),  # vessel on OFAC's SDN list (tests/loaders fixtures)
        ("9176187", True),
        ("9074728", False),  # wrong check digit
        ("IMO 907472", False),  # six digits
        ("90747290", False),  # eight digits
        ("IMO 9074729 ex-9176187", False),  # prose, not one number
        ("0000000", False),
    ],
)
def test_imo(value: str, valid: bool) -> None:
    key, ok = identifier_key("imo", value)
    assert ok is valid
    if valid:
        assert key == "imo:" + value.removeprefix("IMO").strip()


# --- ISIN (ISO 6166) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "key", "valid"),
    [
        ("US0378331005", "isin:US0378331005", True),  # Apple Inc. common stock
        ("us 0378 3310 05", "isin:US0378331005", True),
        ("RU0009029540", "isin:RU0009029540", True),  # Sberbank ordinary shares (MOEX)
        ("US0378331006", "isin:US0378331006", False),  # wrong check digit
        ("ZZ0378331005", "isin:ZZ0378331005", False),  # no such country
        ("US037833100", "isin:US037833100", False),  # 11 characters
    ],
)
def test_isin(value: str, key: str, valid: bool) -> None:
    assert identifier_key("isin", value) == (key, valid)


def test_isin_merges_but_does_not_conflict() -> None:
    assert can_merge(identifier_key("isin", "US0378331005")[0])
    assert "isin" in STRONG_SCHEMES and "isin" not in CONFLICT_SCHEMES


# --- IBAN ------------------------------------------------------------------------
def test_iban() -> None:
    # Example IBANs from Wikipedia's "International Bank Account Number" article.
    assert identifier_key("iban", "DE89 3704 0044 0532 0130 00") == (
        "iban:DE89370400440532013000",
        True,
    )
    assert identifier_key("iban", "GB82 WEST 1234 5698 7654 32")[1]
    assert not identifier_key("iban", "DE89370400440532013001")[1]  # check digits
    assert not identifier_key("iban", "DE8937040044053201300")[1]  # too short for DE
    assert not can_merge("iban:DE89370400440532013000")


# --- OGRNIP remainders -----------------------------------------------------------
def test_ogrnip_remainder_ten_or_more() -> None:
    # 15-digit OGRNIP: check digit is (first 14 mod 13) mod 10.
    base = "30450011600015"
    digit = int(base) % 13 % 10
    assert ogrn_valid(base + str(digit))
    assert not ogrn_valid(base + str((digit + 1) % 10))
    # Constructed numbers whose remainder is 10, 11 and 12 still validate
    # (stdnum rejects all three, rigour.ids.OGRN rejects 11 and 12).
    seen: set[int] = set()
    for n in range(30450011600000, 30450011600100):
        if n % 13 >= 10 and n % 13 not in seen:
            seen.add(n % 13)
            assert ogrn_valid(f"{n}{n % 13 % 10}")
            assert not ogrn_valid(f"{n}{(n % 13 + 1) % 10}")
    assert seen == {10, 11, 12}


def test_ogrn_rejects_non_ascii_digits() -> None:
    assert not ogrn_valid("1027700132\u00b295")  # superscript two: int() would raise
    assert not ogrn_valid(
        "\u0661\u0660\u0662\u0667\u0667\u0660\u0660\u0661\u0663\u0662\u0661\u0669\u0665"
    )


# --- garbage ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "scheme",
    ["inn", "ogrn", "lei", "kpp", "bic", "imo", "isin", "iban", "wikidata", "okpo",
     "reg", "reg:by", "tax", "passport", "id", "ofac", "eu", "uk", "un"],
)  # fmt: skip
@pytest.mark.parametrize("value", ["", "   ", "---", "???", "*", "—", "«»", "#" * 3, "A" * 65])
def test_garbage_is_invalid_for_every_scheme(scheme: str, value: str) -> None:
    assert identifier_key(scheme, value)[1] is False


def test_long_free_text_values_are_invalid() -> None:
    prose = "see the attached register extract for the company's registration number 12345"
    assert not identifier_key("reg", prose)[1]
    assert identifier_key("reg", "A" * 64)[1]  # the limit itself is still a value


def test_kpp_never_merges() -> None:
    assert not can_merge("kpp:770301001")
    assert can_merge("inn:7704734000")


# --- scoring never merges on malformed identifiers -------------------------------
@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("bic", "DEUTZZFF"),
        ("imo", "9074728"),
        ("isin", "US0378331006"),
        ("lei", "253400JT3MQWNDKMJE45"),
        ("inn", "7704734001"),
        ("ogrn", "1253900004413"),
        ("wikidata", "Q042"),
        ("passport", "???"),
    ],
)
def test_shared_malformed_identifier_never_decides(scheme: str, value: str) -> None:
    a = MatchInput.build("a", "Company", ["Alpha Trading LLC"], identifiers=[(scheme, value)])
    b = MatchInput.build("b", "Company", ["Omega Shipping JSC"], identifiers=[(scheme, value)])
    key = identifier_key(scheme, value)[0]
    assert a.invalid_identifiers == frozenset({key}) and not a.identifiers
    result = score(a, b)
    assert result.decisive != "identifier"
    assert "identifier" not in result.features
    assert result.band == "no-match"


def test_shared_bic_in_either_spelling_decides() -> None:
    a = MatchInput.build("a", "Company", ["Deutsche Bank AG"], identifiers=[("bic", "DEUTDEFF")])
    b = MatchInput.build("b", "Company", ["DB Frankfurt"], identifiers=[("bic", "DEUTDEFFXXX")])
    assert a.identifiers == b.identifiers == frozenset({"bic:DEUTDEFF"})
    assert score(a, b).decisive == "identifier"


def test_branch_bic_does_not_merge_with_head_office() -> None:
    a = MatchInput.build("a", "Company", ["Alpha Bank"], identifiers=[("bic", "AGRIFRPP")])
    b = MatchInput.build("b", "Company", ["Omega Branch"], identifiers=[("bic", "AGRIFRPP882")])
    result = score(a, b)
    assert result.decisive != "identifier" and "identifier_conflict" not in result.features
