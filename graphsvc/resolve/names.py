"""Name normalisation for matching: every name becomes an ASCII, casefolded ``NameForm``.

Invariant: ``name_keys`` is a pure function of (name, schema); two spellings of one name
in any supported script or transliteration yield equal ``skeleton``s or share a token
skeleton, and legal forms never survive into ``core``. Folding and the phonetic key
are graphsvc.namefold's, shared with search and ``/match``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from rigour._core import ordinals_dict
from rigour.names import (
    NameTypeTag,
    SymbolCategory,
    analyze_names,
    remove_org_types,
    replace_org_types_compare,
)

from graphsvc.namefold import clean, phonetic_key

PERSON_SCHEMATA = frozenset({"Person"})

_CAMEL = re.compile(r"(?<=[a-zа-яё])(?=[A-ZА-ЯЁ])")

# --- legal forms -------------------------------------------------------------
# rigour.names.org_types (generic mode) covers OOO/LLC/Limited Liability Company/
# Общество с ограниченной ответственностью, PAO/PJSC/AO/JSC/ZAO/OAO, GmbH, Ltd,
# Inc, B.V., Sarl. It lacks the forms below (checked against rigour 2.6), which
# are mapped first, on token sequences, to rigour's generic tokens or our own.
_EXTRA_FORMS: dict[tuple[str, ...], str] = {
    ("sooo",): "llc",  # СООО: Belarusian foreign-owned LLC
    ("iooo",): "llc",  # ИООО / IOOO: Belarusian foreign-owned LLC
    ("ooo",): "llc",
    ("tov",): "llc",  # ТОВ (Ukraine)
    ("b", "v"): "llc",
    ("s", "a", "r", "l"): "llc",
    ("sa", "r", "l"): "llc",
    ("sa", "rl"): "llc",
    ("s", "a"): "jsc",
    ("n", "v"): "jsc",
    ("afk",): "jsc",  # АФК: joint-stock financial corporation
    ("pjsfc",): "jsc",
    ("jsfc",): "jsc",
    ("mkpao",): "jsc",  # МКПАО: international public joint-stock company
    ("ipjsc",): "jsc",
    ("pjsc",): "jsc",
    ("pao",): "jsc",
    ("oao",): "jsc",
    ("zao",): "jsc",
    ("ao",): "jsc",
    ("jsc",): "jsc",
    ("llc",): "llc",
    ("goskorporatsiya",): "statecorp",
    ("goskorporatsia",): "statecorp",
    ("goskorporacija",): "statecorp",
    ("state", "corporation"): "statecorp",
    ("state", "corp"): "statecorp",
    ("gosudarstvennaya", "korporatsiya"): "statecorp",
    ("fgup",): "sue",  # федеральное государственное унитарное предприятие
    ("gup",): "sue",
    ("mup",): "sue",
    ("federal", "state", "unitary", "enterprise"): "sue",
    ("state", "unitary", "enterprise"): "sue",
    ("ip",): "soleprop",
}
_MAX_FORM = max(len(k) for k in _EXTRA_FORMS)
# rigour's generic forms too ("soe" for ГУП, "corp", "coop", "ano"); two-letter ones
# ("sp", "gp", "lp") stay: as words of a name they are too often not a form.
LEGAL_FORM_TOKENS = frozenset(
    {"llc", "jsc", "statecorp", "sue", "soleprop", "gmbh", "ag", "plc", "soe", "corp", "coop",
     "llp", "ano", "ngo"}
)  # fmt: skip

# Words that carry no identity in organisation names, in both languages.
_ORG_STOP = frozenset(
    {"of", "the", "and", "for", "i", "im", "imeni", "named", "after", "goroda", "city", "g"}
)
# Cross-language glossary for public-body vocabulary: transliterated Russian
# stems -> the English stem used as the matching token.
_GLOSSARY: tuple[tuple[str, str], ...] = (
    ("departament", "department"),
    ("informatsion", "information"),
    ("tekhnolog", "technolog"),
    ("technolog", "technolog"),
    ("moskv", "moscow"),
    ("moskov", "moscow"),
    ("ministerstv", "ministry"),
    ("federaln", "federal"),
    ("sluzhb", "service"),
    ("upravlen", "administration"),
    ("pravitelstv", "government"),
    ("transport", "transport"),
    ("elektronn", "electronic"),
    ("electronic", "electronic"),
)


@lru_cache(maxsize=131072)
def _gloss(token: str) -> str:
    for stem, out in _GLOSSARY:
        if token.startswith(stem):
            return out
    return token


# --- person names ------------------------------------------------------------
_PATRONYMIC = re.compile(
    r"^[a-z]{2,}(?:ovich|evich|ievich|yevich|avich|ich|ovych|evych|ovna|evna|ievna|ichna|"
    r"ivna|avna|ogly|kyzy)$"
)
_PATRONYMIC_SUFFIX = re.compile(
    r"(?:ovich|evich|ievich|yevich|avich|ovych|evych|ich|ovna|evna|ievna|ichna|ivna|avna)$"
)

# Common East Slavic given names: every variant -> one canonical spelling.
_GIVEN_VARIANTS: dict[str, tuple[str, ...]] = {
    "aleksandr": ("alexander", "alexandr", "aleksander", "aliaksandr", "alyaksandr",
                  "oleksandr", "olexandr", "alexandre", "aleksandar"),
    "aleksei": ("alexei", "alexey", "aleksey", "alexej", "aleksej", "aliaksei", "alyaksei",
                "oleksii", "oleksiy", "olexiy", "alexeï"),
    "sergei": ("sergey", "sergej", "serguei", "sergiy", "serhii", "serhiy", "siarhei",
               "siarhej", "sergii", "serge"),
    "vladimir": ("wladimir", "uladzimir", "uladzimer", "volodymyr", "vladimer"),
    "evgenii": ("evgeny", "evgeniy", "yevgeny", "yevgeniy", "evgenij", "yevgenii", "evgeni",
                "yauhen", "yevhen", "ievgen", "yevgen", "eugene", "evgenie", "evgen"),
    "dmitrii": ("dmitry", "dmitriy", "dmitri", "dmitrij", "dzmitry", "dzmitryi", "dmytro",
                "dimitri", "dimitry"),
    "mikhail": ("michail", "mihail", "mikhael", "mikhas", "mikhailo", "mykhailo", "mykhaylo",
                "mikhal", "michael"),
    "nikolai": ("nikolay", "nikolaj", "mikalai", "mikola", "mykola", "nicolai", "nicholas"),
    "andrei": ("andrey", "andrej", "andrii", "andriy", "andrew", "andrzej", "andrea"),
    "yurii": ("yuri", "yury", "yuriy", "iurii", "jurij", "juri", "yuras", "yurij"),
    "anatolii": ("anatoly", "anatoliy", "anatolij", "anatol"),
    "viktor": ("victor", "wiktor"),
    "pavel": ("paul", "pavlo", "pavol", "paval"),
    "petr": ("pyotr", "piotr", "petro", "peter", "piatro", "pietro"),
    "ivan": ("ivan", "iwan", "yvan", "ivane"),
    "grigorii": ("grigory", "grigoriy", "gregory", "hryhorii", "ryhor", "hryhoriy"),
    "vasilii": ("vasily", "vasiliy", "vasilij", "vasyl", "vasil", "wassily"),
    "valerii": ("valery", "valeriy", "valerij", "valeri"),
    "gennadii": ("gennady", "gennadiy", "hienadz", "gennadij", "hennadii"),
    "leonid": ("leanid", "leonyd"),
    "artem": ("artyom", "artiom", "artem", "artsiom", "artemii", "artemiy", "artemy"),
    "anton": ("antonii", "antoni", "antony", "anthony", "antin"),
    "konstantin": ("kanstantsin", "kostiantyn", "kostyantyn", "constantin", "constantine"),
    "maksim": ("maxim", "maksym", "maxime", "maksimilian"),
    "igor": ("ihor", "igar", "ighor"),
    "oleg": ("aleh", "oleh", "aleg"),
    "vitalii": ("vitaly", "vitaliy", "vitalij", "vital"),
    "fedor": ("fyodor", "fiodor", "feodor", "theodore", "fedir", "fiodar"),
    "georgii": ("georgy", "georgiy", "george", "heorhii", "yuryi"),
    "ekaterina": ("yekaterina", "katsiaryna", "kateryna", "catherine", "katerina"),
    "elena": ("yelena", "helena", "alena", "olena", "alyona", "alena"),
    "natalia": ("natalya", "nataliya", "natallia", "natalie", "natalja", "nataliia"),
    "olga": ("olha", "volha", "olgha"),
    "tatiana": ("tatyana", "tatsiana", "tetiana", "tatjana", "tatiyana"),
    "iulia": ("yulia", "yuliya", "julia", "yulija", "iuliia", "yuliia"),
    "mariia": ("maria", "mariya", "marija", "maryia", "mary"),
    "anna": ("hanna", "ganna", "ana"),
    "svetlana": ("sviatlana", "svitlana"),
    "iosif": ("joseph", "josif", "yosyp", "iosyp"),
    "yakov": ("jacob", "iakov", "yakiv", "jakov"),
    "ilia": ("ilya", "illia", "ilja", "ilia", "illya"),
    "evgeniia": ("evgenia", "yevgenia", "yauhenia", "yevheniia"),
    "boris": ("barys", "borys"),
    "roman": ("raman",),
    "denis": ("dzianis", "denys"),
    "kirill": ("kiril", "kiryl", "kyrylo", "cyril"),
    "vladislav": ("uladzislau", "vladyslav", "wladyslaw"),
    "stanislav": ("stanislau", "stanislaw"),
    "vyacheslav": ("viacheslav", "viachaslau", "vjaceslav"),
    "yaroslav": ("iaroslav", "jaroslav", "yaraslau"),
    "mstislav": ("mstsislau",),
}  # fmt: skip
GIVEN_NAMES: dict[str, str] = {}
for _canon, _variants in _GIVEN_VARIANTS.items():
    GIVEN_NAMES[_canon] = _canon
    for _v in _variants:
        GIVEN_NAMES.setdefault(_v, _canon)


def canonical_given(token: str) -> str:
    """The canonical spelling of a given name, or the token itself."""
    return GIVEN_NAMES.get(token, token)


# Given names and their short forms, nicknames and spellings in other languages
# come from rigour's person-name data (Wikidata name items and nickname lists):
# two name parts that share such a symbol are one name (Aleksandr/Sasha,
# William/Bill, Mohammed/Muhammad). The table above stays as a fast first pass.
_NAME_SYMBOLS = (SymbolCategory.NAME, SymbolCategory.NICK)
_ROMAN = re.compile(r"^[ivxlcdm]+(?:st|nd|rd|th)?$")


@lru_cache(maxsize=262144)
def name_symbols(token: str) -> frozenset[str]:
    """rigour's name and nickname symbols of one name part."""
    out: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [token], numerics=False):
        for span in name.spans:
            if len(span.parts) == 1 and span.symbol.category in _NAME_SYMBOLS:
                out.add(str(span.symbol))
    return frozenset(out)


def warm_name_data() -> threading.Thread:
    """Load rigour's person-name data in a thread: the first look-up reads it all,
    in native code that lets Python run on, so a caller can index records meanwhile."""
    thread = threading.Thread(target=name_symbols, args=("ivan",), daemon=True)
    thread.start()
    return thread


@lru_cache(maxsize=1)
def number_words() -> dict[str, str]:
    """Numbers written as words, in the languages rigour knows -> digits
    ("three", "tri", "third", "dritte" -> "3"), cleaned as names are."""
    out: dict[str, str] = {}
    for number, spellings in ordinals_dict().items():
        for spelling in spellings:
            # Latin and Cyrillic spellings only: romanised CJK numerals ("san",
            # "yi") are common words in names of other languages.
            if not all(c.isascii() or "\u00c0" <= c <= "\u04ff" for c in spelling):
                continue
            word = clean(spelling)
            # Roman numerals are left alone: "civ", "mix", "lid" are words too.
            if _ROMAN.match(word):
                continue
            if word.isalpha() and len(word) >= 3 and " " not in word:
                out.setdefault(word, str(number))
    return out


# --- the normal form ---------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NameForm:
    """One name, prepared for matching. All strings are lowercase ASCII."""

    original: str
    is_person: bool
    normalised: str  # full name, legal forms replaced by generic tokens
    tokens: tuple[str, ...]  # sorted tokens of ``normalised``
    core: str  # legal forms and stopwords removed (orgs), tokens in order
    core_tokens: tuple[str, ...]
    concat: str  # core without spaces ("n tech lab" -> "ntechlab")
    skeleton: str  # skeleton of ``concat`` (orgs) or of sorted name parts (persons)
    token_skeletons: tuple[str, ...]
    legal_forms: tuple[str, ...]
    acronym: str  # initials of camel-split core words ("Mobile TeleSystems" -> "mts")
    # person parts (empty for organisations)
    parts: tuple[str, ...] = ()  # full name parts, given names canonicalised, in order
    patronymics: tuple[str, ...] = ()  # patronymic stems, canonicalised
    initials: tuple[str, ...] = ()
    digits: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # core tokens after camel-case splitting (orgs)


def _replace_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    out: list[str] = []
    forms: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        for size in range(min(_MAX_FORM, n - i), 0, -1):
            form = _EXTRA_FORMS.get(tuple(tokens[i : i + size]))
            if form is not None:
                out.append(form)
                forms.append(form)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out, forms


def _split_comma(name: str) -> str:
    """'LAST, First Middle' -> 'First Middle LAST' (one comma only)."""
    if name.count(",") == 1:
        last, first = name.split(",")
        if first.strip() and last.strip():
            return f"{first.strip()} {last.strip()}"
    return name


def _patronymic_stem(token: str) -> str:
    stem = _PATRONYMIC_SUFFIX.sub("", token)
    # Patronymic stems of given names: evgeni-evich, yauhen-avich, sergee-vich.
    for cand in (stem, stem + "ii", stem + "i", stem[:-1] + "ii", stem[:-1] + "i", stem + "r"):
        if cand in GIVEN_NAMES:
            return GIVEN_NAMES[cand]
    return stem


def _person_form(name: str) -> NameForm:
    text = clean(_split_comma(name))
    tokens = text.split()
    parts: list[str] = []
    patronymics: list[str] = []
    initials: list[str] = []
    digits: list[str] = []
    for tok in tokens:
        if tok.isdigit():
            digits.append(tok)
        elif len(tok) == 1:
            initials.append(tok)
        elif len(tokens) > 2 and _PATRONYMIC.match(tok):
            patronymics.append(_patronymic_stem(tok))
        else:
            parts.append(canonical_given(tok))
    skels = tuple(phonetic_key(p) for p in parts)
    core = " ".join(parts)
    return NameForm(
        original=name,
        is_person=True,
        normalised=text,
        tokens=tuple(sorted(tokens)),
        core=core,
        core_tokens=tuple(parts),
        concat=core.replace(" ", ""),
        skeleton=" ".join(sorted(skels)),
        token_skeletons=skels,
        legal_forms=(),
        acronym="",
        parts=tuple(parts),
        patronymics=tuple(patronymics),
        initials=tuple(initials),
        digits=tuple(digits),
    )


def _org_core(text: str) -> tuple[str, list[str], tuple[str, ...]]:
    """Cleaned text -> (generic form, legal forms found, core tokens)."""
    numbers = number_words()
    tokens, forms = _replace_forms([numbers.get(t, t) for t in text.split()])
    joined = " ".join(tokens)
    generic = replace_org_types_compare(joined, generic=True)
    if generic != joined:
        seen = set(tokens)
        forms.extend(t for t in generic.split() if t not in seen)
    stripped = remove_org_types(generic).split()
    core = [_gloss(t) for t in stripped if t not in LEGAL_FORM_TOKENS and t not in _ORG_STOP]
    if not core:  # the name is only a legal form: keep it rather than nothing
        core = generic.split()
    return generic, forms, tuple(core)


def _as_written_forms(name: str) -> str:
    """The name with rigour's legal forms replaced as written, before transliteration
    drops the accents and dots they are known by ("Sp. z o.o.", "società a
    responsabilità limitata", "S.A.S."); the name itself when it has none."""
    written = name.casefold()
    replaced = replace_org_types_compare(written, generic=True)
    return name if replaced == written else replaced


def _org_form(name: str) -> NameForm:
    generic, forms, core_tokens = _org_core(clean(_as_written_forms(name)))
    words = core_tokens
    if _CAMEL.search(name):
        words = _org_core(clean(_CAMEL.sub(" ", name)))[2]
    core = " ".join(core_tokens)
    concat = core.replace(" ", "")
    return NameForm(
        original=name,
        is_person=False,
        normalised=generic,
        tokens=tuple(sorted(generic.split())),
        core=core,
        core_tokens=core_tokens,
        concat=concat,
        skeleton=phonetic_key(concat),
        token_skeletons=tuple(phonetic_key(t) for t in core_tokens),
        legal_forms=tuple(dict.fromkeys(forms)),
        acronym="".join(w[0] for w in words if not w.isdigit()) if len(words) > 1 else "",
        digits=tuple(t for t in core_tokens if t.isdigit()),
        words=words,
    )


def name_keys(name: str, schema: str) -> NameForm:
    """Normalise one name of a record of ``schema`` (FtM schema name)."""
    if schema in PERSON_SCHEMATA:
        return _person_form(name)
    return _org_form(name)
