from __future__ import annotations

import pytest

from graphsvc.resolve.identifiers import can_merge, identifier_key, ogrn_valid


@pytest.mark.parametrize(
    ("scheme", "value", "key", "valid"),
    [
        ("inn", "7704734000", "inn:7704734000", True),  # Synesis (case facts)
        ("inn", "7704 274 402", "inn:7704274402", True),  # Rostec
        ("inn", "7707314029", "inn:7707314029", True),  # Elektronnaya Moskva
        ("inn", "3900040153", "inn:3900040153", True),  # NTK
        ("inn", "7704734001", "inn:7704734001", False),  # wrong check digit
        ("inn", "500100732259", "inn:500100732259", True),  # 12-digit, both checks
        ("inn", "500100732250", "inn:500100732250", False),
        ("inn", "77047340", "inn:77047340", False),
        ("ogrn", "1253900004412", "ogrn:1253900004412", True),  # NTK
        ("ogrn", "1253900004413", "ogrn:1253900004413", False),
        ("ogrn", "1027700132195", "ogrn:1027700132195", True),
        ("kpp", "770301001", "kpp:770301001", True),
        ("kpp", "7703AB001", "kpp:7703AB001", True),
        ("kpp", "77030100", "kpp:77030100", False),
        ("lei", "253400JT3MQWNDKMJE44", "lei:253400JT3MQWNDKMJE44", True),
        ("lei", "253400jt3mqwndkmje45", "lei:253400JT3MQWNDKMJE45", False),
        ("wikidata", "q42", "wikidata:Q42", True),
        ("reg:by", "190 950 894", "reg:by:190950894", True),
    ],
)
def test_identifier_key(scheme: str, value: str, key: str, valid: bool) -> None:
    assert identifier_key(scheme, value) == (key, valid)


def test_ogrnip_remainder_ten_or_more() -> None:
    # 15-digit OGRNIP: check digit is (first 14 mod 13) mod 10.
    base = "30450011600015"
    digit = int(base) % 13 % 10
    assert ogrn_valid(base + str(digit))
    assert not ogrn_valid(base + str((digit + 1) % 10))
    # A number whose remainder is >= 10 still validates (stdnum would reject it).
    for n in range(30450011600000, 30450011600100):
        if n % 13 >= 10:
            assert ogrn_valid(f"{n}{n % 13 % 10}")
            break


def test_kpp_never_merges() -> None:
    assert not can_merge("kpp:770301001")
    assert can_merge("inn:7704734000")
