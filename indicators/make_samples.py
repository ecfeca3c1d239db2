#!/usr/bin/env python3
"""Writes the sample submissions under indicators/reported/.

Run from the repository root:
    python3 indicators/make_samples.py

Not run by the build or the tests: its output is committed. The actors report only what no
statistics agency publishes (twin-town exchanges, EU project funds, foreign students, network
meetings, consultation responses, EEN companies); Kolada's statistics are pulled, not reported
(indicators/make_kolada_pages.py writes them as saved pages of Kolada's API). Each actor's
file uses a different CSV dialect, the way the actors' spreadsheets write them, so that ingest
is exercised on all of them. The values are examples and say so in their comment column.
"""
import csv
import os
import random

KOMMUNER = {
    "1814": "lekeberg", "1860": "laxa", "1861": "hallsberg", "1862": "degerfors",
    "1863": "hallefors", "1864": "ljusnarsberg", "1880": "orebro", "1881": "kumla",
    "1882": "askersund", "1883": "karlskoga", "1884": "nora", "1885": "lindesberg",
}
# actor -> dialect
DIALECT = {
    "orebro": "excel", "kumla": "excel", "hallsberg": "excel", "laxa": "excel",
    "karlskoga": "comma", "lindesberg": "comma", "nora": "comma", "askersund": "comma",
    "degerfors": "tab1252", "hallefors": "tab1252", "ljusnarsberg": "tab1252",
    "lekeberg": "spaces", "region-orebro": "excel",
    "almi-een": "comma", "oru": "excel", "regionforbundet": "excel", "brysselkontoret": "comma",
}


def sv_number(x, thousands=False):
    s = repr(float(x))
    if s.endswith(".0"):
        s = s[:-2]
    if thousands and "." not in s and "e" not in s and len(s.lstrip("-")) > 3:
        neg = s.startswith("-")
        d = s.lstrip("-")
        groups = []
        while d:
            groups.insert(0, d[-3:])
            d = d[:-3]
        s = ("-" if neg else "") + " ".join(groups)
    return s.replace(".", ",")


def write(actor, rows):
    """rows: (indicator, period, gender, value, comment) with value a float or a marker."""
    d = DIALECT[actor]
    os.makedirs(f"indicators/reported/{actor}", exist_ok=True)
    path = f"indicators/reported/{actor}/inrapportering.csv"
    code = {v: k for k, v in KOMMUNER.items()}.get(actor, "0018" if actor == "region-orebro" else actor)
    if d == "excel":
        header = ["Indikator", "Kommunkod" if actor in KOMMUNER.values() or actor == "region-orebro" else "Aktör", "År", "Kön", "Värde", "Kommentar"]
        who = code if actor in KOMMUNER.values() else ("18" if actor == "region-orebro" else actor)
        out = [[i, who, p, g, v if isinstance(v, str) else sv_number(v), c] for i, p, g, v, c in rows]
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\r\n")
            w.writerow(header)
            w.writerows(out)
    elif d == "comma":
        out = [[i, actor, p, g, v if isinstance(v, str) else repr(float(v)).removesuffix(".0"), c] for i, p, g, v, c in rows]
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=",", lineterminator="\n")
            w.writerow(["indicator", "actor", "period", "gender", "value", "comment"])
            w.writerows(out)
    elif d == "tab1252":
        out = [[i, code, p, g, v if isinstance(v, str) else sv_number(v), c] for i, p, g, v, c in rows]
        with open(path, "w", encoding="cp1252", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\r\n")
            w.writerow(["indikator", "kommun", "år", "kön", "värde", "kommentar"])
            w.writerows(out)
    elif d == "spaces":
        out = [[i, actor, p, g, v if isinstance(v, str) else sv_number(v, thousands=True), c] for i, p, g, v, c in rows]
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=";", lineterminator="\n")
            w.writerow(["indikator", "aktör", "period", "kön", "värde", "kommentar"])
            w.writerows(out)
            f.write("\n\n")  # blank trailing lines, as spreadsheets leave them


def main():
    per_actor = {}
    rnd = random.Random(2023)
    ex = "exempelvärde"
    for actor in KOMMUNER.values():
        for y in range(2019, 2026):
            per_actor.setdefault(actor, []).append(
                ("vanortsutbyten", str(y), "", float(rnd.randint(0, 3)), ex))
    for y, v in zip(range(2019, 2026), [96, 104, 88, 118, 131, 142, 150]):
        per_actor.setdefault("almi-een", []).append(("een-foretag", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [720, 430, 505, 610, 655, 700, 742]):
        per_actor.setdefault("oru", []).append(("utlandska-studenter", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [9800, 11200, 8700, 12500, 14100, 15800, 16200]):
        per_actor["oru"].append(("eu-projektmedel", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [12, 6, 9, 14, 16, 19, 21]):
        per_actor.setdefault("regionforbundet", []).append(("natverksmoten", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [2, 3, 2, 3, 4, 4, 5]):
        per_actor["regionforbundet"].append(("remissvar-eu", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [21000, 26500, 19800, 23400, 25100, 27900, 30500]):
        per_actor["regionforbundet"].append(("eu-projektmedel", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [5, 2, 4, 6, 7, 8, 9]):
        per_actor.setdefault("brysselkontoret", []).append(("natverksmoten", str(y), "", float(v), ex))
    for actor, rows in per_actor.items():
        write(actor, rows)


if __name__ == "__main__":
    main()
