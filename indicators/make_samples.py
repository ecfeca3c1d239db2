#!/usr/bin/env python3
"""Writes the sample submissions under indicators/reported/.

Run from the repository root:
    python3 indicators/make_samples.py

Not run by the build or the tests: its output is committed. The actors report as values only
what no statistics agency publishes and the registry does not hold (foreign students, EEN
companies): `inrapportering.csv`. What the registry of the international work holds (plans/
registry/) they update there: the municipalities their twin towns' exchanges and activities of
2025, Regionförbundet and the Brussels office their networks' meetings of 2025 and a project's
results: `register.csv`. Kolada's statistics are pulled, not reported
(indicators/make_kolada_pages.py writes them as saved pages of Kolada's API). Each actor's
files use a different CSV dialect, the way the actors' spreadsheets write them, so that ingest
is exercised on all of them. The values are examples and say so in their comment column.
"""
import csv
import os

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


REGISTER_HEADER = {
    "excel": ["Registerpost", "Fält", "År", "Värde", "Kommentar"],
    "comma": ["entry", "field", "year", "value", "comment"],
    "tab1252": ["registerpost", "fält", "år", "värde", "kommentar"],
    "spaces": ["registerpost", "fält", "år", "värde", "kommentar"],
}

# The updates of 2025: (actor, entry, field, year, value, comment).
REGISTER = [
    ("orebro", "orebro-lodz", "utbyten", 2025, 4, "exempelvärde"),
    ("orebro", "orebro-lodz", "aktiviteter", 2025, "Gemensam sommarskola om entreprenörskap; lärarutbyte inom yrkesutbildning.", "exempelvärde"),
    ("orebro", "orebro-drammen", "utbyten", 2025, 2, "exempelvärde"),
    ("orebro", "orebro-kolding", "utbyten", 2025, 0, "exempelvärde"),
    ("karlskoga", "karlskoga-slawno", "utbyten", 2025, 1, "exempelvärde"),
    ("karlskoga", "karlskoga-kongsberg", "utbyten", 2025, 1, "exempelvärde"),
    ("kumla", "kumla-lauenburg", "utbyten", 2025, 3, "exempelvärde"),
    ("kumla", "kumla-lauenburg", "aktiviteter", 2025, "Studieresa till hamnen i Lauenburg om kombiterminaler.", "exempelvärde"),
    ("kumla", "kumla-ljutomer", "utbyten", 2025, 1, "exempelvärde"),
    ("hallsberg", "hallsberg-hamar", "utbyten", 2025, 3, "exempelvärde"),
    ("laxa", "laxa-kolbudy", "utbyten", 2025, 1, "exempelvärde"),
    ("lekeberg", "lekeberg-kalnciems", "utbyten", 2025, 0, "exempelvärde"),
    ("askersund", "askersund-naantali", "utbyten", 2025, 0, "exempelvärde"),
    ("nora", "nora-oksnes", "utbyten", 2025, 1, "exempelvärde"),
    ("lindesberg", "lindesberg-pasewalk", "utbyten", 2025, 3, "exempelvärde"),
    ("degerfors", "degerfors-huittinen", "utbyten", 2025, 0, "exempelvärde"),
    ("hallefors", "hallefors-thisted", "utbyten", 2025, 1, "exempelvärde"),
    ("ljusnarsberg", "ljusnarsberg-iisalmi", "utbyten", 2025, 1, "exempelvärde"),
    ("regionforbundet", "aer", "möten", 2025, 10, "exempelvärde"),
    ("regionforbundet", "aer", "politiska möten", 2025, 6, "exempelvärde"),
    ("regionforbundet", "errin", "möten", 2025, 12, "exempelvärde"),
    ("regionforbundet", "errin", "politiska möten", 2025, 4, "exempelvärde"),
    ("regionforbundet", "scandria", "möten", 2025, 6, "exempelvärde"),
    ("regionforbundet", "scandria", "politiska möten", 2025, 4, "exempelvärde"),
    ("regionforbundet", "p-grona-godsflodet", "resultat", 2025, "Avtal om gemensam laddinfrastruktur längs E18.", "exempelvärde"),
    ("brysselkontoret", "central-sweden", "möten", 2025, 18, "exempelvärde"),
    ("brysselkontoret", "central-sweden", "politiska möten", 2025, 9, "exempelvärde"),
]


def write_register(actor, rows):
    """rows: (entry, field, year, value, comment); the file in the actor's dialect."""
    d = DIALECT[actor]
    os.makedirs(f"indicators/reported/{actor}", exist_ok=True)
    path = f"indicators/reported/{actor}/register.csv"
    cell = lambda v: v if isinstance(v, str) else (str(v) if d == "comma" else sv_number(v))
    out = [[e, f, str(y), cell(v), c] for e, f, y, v, c in rows]
    enc, sep, end = {
        "excel": ("utf-8-sig", ";", "\r\n"),
        "comma": ("utf-8", ",", "\n"),
        "tab1252": ("cp1252", "\t", "\r\n"),
        "spaces": ("utf-8", ";", "\n"),
    }[d]
    with open(path, "w", encoding=enc, newline="") as f:
        w = csv.writer(f, delimiter=sep, lineterminator=end)
        w.writerow(REGISTER_HEADER[d])
        w.writerows(out)
        if d == "spaces":
            f.write("\n\n")


def main():
    per_actor = {}
    ex = "exempelvärde"
    for y, v in zip(range(2019, 2026), [96, 104, 88, 118, 131, 142, 150]):
        per_actor.setdefault("almi-een", []).append(("een-foretag", str(y), "", float(v), ex))
    for y, v in zip(range(2019, 2026), [720, 430, 505, 610, 655, 700, 742]):
        per_actor.setdefault("oru", []).append(("utlandska-studenter", str(y), "", float(v), ex))
    for actor, rows in per_actor.items():
        write(actor, rows)
    registers = {}
    for actor, *row in REGISTER:
        registers.setdefault(actor, []).append(row)
    for actor, rows in registers.items():
        write_register(actor, rows)


if __name__ == "__main__":
    main()
