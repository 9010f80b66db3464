"""Resolution speed: generate N records with realistic spelling and script variation,
resolve them with graphsvc.resolve.pipeline.resolve, report throughput and memory.

    .venv/bin/python bench/resolution_speed.py --size 1000000 --json /tmp/speed.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphsvc.resolve.pipeline import resolve
from graphsvc.resolve.score import MatchInput

GIVEN = [
    "Александр",
    "Сергей",
    "Владимир",
    "Алексей",
    "Дмитрий",
    "Андрей",
    "Михаил",
    "Николай",
    "Евгений",
    "Иван",
    "Антон",
    "Артём",
    "Юрий",
    "Олег",
    "Игорь",
    "Павел",
    "Виктор",
    "Максим",
    "Константин",
    "Георгий",
    "Роман",
    "Денис",
    "Кирилл",
    "Борис",
    "Леонид",
]
PATRONYMIC = [
    "Александрович",
    "Сергеевич",
    "Владимирович",
    "Викторович",
    "Иванович",
    "Петрович",
    "Евгеньевич",
    "Николаевич",
    "Юрьевич",
    "Олегович",
]
SYL = [
    "ша",
    "тро",
    "ке",
    "ми",
    "ла",
    "но",
    "за",
    "ру",
    "бе",
    "ко",
    "ва",
    "ле",
    "го",
    "да",
    "пе",
    "ти",
    "ро",
    "му",
    "хо",
    "це",
    "чу",
    "жи",
    "ба",
    "ви",
    "до",
    "фе",
    "зу",
    "ни",
    "ло",
    "ма",
    "се",
    "ту",
    "ря",
    "ге",
    "бо",
    "ка",
    "ди",
    "со",
    "пи",
    "ху",
    "ме",
    "лу",
    "шу",
    "ще",
    "ца",
    "ня",
    "ра",
    "ки",
    "во",
    "ду",
    "па",
    "те",
    "ги",
    "мо",
    "зе",
    "ли",
]
SURNAME_END = ["ов", "ев", "ин", "енко", "ский", "ук", "ич", "ёв"]
FORMS_RU = ["ООО", "АО", "ПАО", "ЗАО", "СООО", "Общество с ограниченной ответственностью"]
FORMS_LAT = ["LLC", "JSC", "PJSC", "OOO", "Ltd", "B.V.", "GmbH", "Limited Liability Company"]
COUNTRIES = ["ru", "by", "ru", "ru", "ua", "kz", "nl", "de"]  # weighted to Russia

# A second, different romanisation (ye-, kh->h, y for й, -ou for Belarusian -ў).
_ALT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"})  # fmt: skip
_STD = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia"})  # fmt: skip


def _latin(text: str, rng: random.Random) -> str:
    words = []
    for w in text.split():
        low = w.lower()
        if rng.random() < 0.5:
            out = low.translate(_STD)
        else:
            out = ("ye" + low[1:] if low.startswith("е") else low).translate(_ALT)
            if out.endswith("ov") and rng.random() < 0.3:
                out = out[:-2] + "ou"
        words.append(out.capitalize() if not w.isupper() or len(w) < 4 else out.upper())
    return " ".join(words)


def _inn10(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(9)]
    w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return "".join(map(str, d)) + str(sum(a * b for a, b in zip(d, w, strict=True)) % 11 % 10)


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


def generate(size: int, seed: int = 7) -> Iterator[MatchInput]:
    rng = random.Random(seed)
    n = 0
    while n < size:
        person = rng.random() < 0.45
        copies = min(size - n, rng.choice([1, 1, 1, 2, 2, 3, 4]))
        country = rng.choice(COUNTRIES)
        inn = _inn10(rng) if rng.random() < 0.3 else None
        if person:
            given = rng.choice(GIVEN)
            pat = rng.choice(PATRONYMIC)
            surname = (_word(rng, rng.choice([2, 2, 3])) + rng.choice(SURNAME_END)).capitalize()
            born = f"{rng.randint(1940, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        else:
            core = " ".join(
                _word(rng, rng.choice([2, 3, 3, 4])) for _ in range(rng.choice([1, 1, 2]))
            )
            core = core.capitalize()
        for _ in range(copies):
            ids: list[tuple[str, str]] = []
            if inn and rng.random() < 0.7:
                bad = rng.random() < 0.05
                ids.append(("inn", inn[:-1] + str((int(inn[-1]) + 1) % 10) if bad else inn))
            if person:
                parts = [given, pat, surname] if rng.random() < 0.4 else [given, surname]
                name = " ".join(parts)
                r = rng.random()
                if r < 0.4:
                    name = _latin(name, rng)
                if rng.random() < 0.2:
                    name = f"{parts[-1].upper()}, {' '.join(parts[:-1])}"
                    if r < 0.4:
                        name = _latin(name, rng)
                dates = [born if rng.random() < 0.7 else born[:4]] if rng.random() < 0.5 else []
                yield MatchInput.build(
                    f"gen:{n:08d}", "Person", [name], countries=[country], identifiers=ids,
                    birth_dates=dates,
                )  # fmt: skip
            else:
                if rng.random() < 0.5:
                    name = f"{rng.choice(FORMS_RU)} «{core}»"
                else:
                    name = f"{_latin(core, rng)} {rng.choice(FORMS_LAT)}"
                yield MatchInput.build(
                    f"gen:{n:08d}", rng.choice(["Company", "Company", "Organization"]), [name],
                    countries=[country] if rng.random() < 0.6 else [], identifiers=ids,
                )  # fmt: skip
            n += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--pregenerate", action="store_true", help="generate before timing")
    args = ap.parse_args()
    proc = psutil.Process()
    t0 = time.perf_counter()
    inputs = list(generate(args.size, args.seed)) if args.pregenerate else generate(args.size)
    gen_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    res = resolve(inputs, workers=args.workers)
    wall = time.perf_counter() - t1
    mem = proc.memory_info()
    peak = getattr(mem, "peak_wset", None) or _peak_rss()
    s = res.stats
    out = {
        "records": s.records,
        "generate_seconds": round(gen_s, 2) if args.pregenerate else None,
        "resolve_wall_seconds": round(wall, 2),
        "includes_generation": not args.pregenerate,
        "records_per_second": round(s.records / wall),
        "candidate_pairs": s.candidate_pairs,
        "pairs_scored": s.pairs_scored,
        "identifier_links": s.identifier_links,
        "auto_matches": s.auto_matches,
        "review_pairs": s.review_pairs,
        "refused_for_conflict": getattr(s, "rejected_by_conflict", None),
        "refused_links": getattr(s, "refused_links", None),
        "skipped_blocks": s.skipped_blocks,
        "clusters": s.clusters,
        "phase_seconds": s.phase_seconds,
        "peak_rss_mb": round(peak / 2**20),
        "cpus": psutil.cpu_count(),
    }
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))
    print(json.dumps(out))
    print(
        f"resolved {s.records:,} records in {wall:.1f}s ({out['records_per_second']:,}/s), "
        f"{s.pairs_scored:,} pairs scored, {s.clusters:,} clusters, "
        f"peak RSS {out['peak_rss_mb']} MB"
    )


def _peak_rss() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


if __name__ == "__main__":
    main()
