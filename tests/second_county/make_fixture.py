#!/usr/bin/env python3
"""Writes the second-county fixture's data: Jämtlands län, from Kolada's national files.

Run from the repository root with the shared data beside it:
    python3 tests/second_county/make_fixture.py ../shared/data/kolada

Not run by the build or the tests: its output is committed, so that the tests stand alone.
Values are unchanged from Kolada's national files (Källa: Kolada, RKA; SCB, Arbetsförmedlingen
and Tillväxtanalys via Kolada). It writes

- `kolada/data-page-*.json`: the plan's Kolada KPIs (N02267, N01958, N00945) for Riket (0000),
  Västernorrlands län (0022), Region Jämtland Härjedalen (0023) and the county's eight
  municipalities, in the shape of Kolada's API v3;
- `inbox/<actor>/arbetsloshet.csv`: unemployment as the region and the municipalities report
  it, by gender and by group (Kolada's N03920 is the total of those aged 18-65, N03921 the
  young aged 16-24 and N03926 the long-term unemployed aged 25-65), 2015-2022, written as
  Swedish Excel writes CSV (semicolons, decimal commas);
- `inbox/region/nya-arbetsstallen.csv`: new workplaces per 1,000 inhabitants aged 16-64
  (Kolada's N01004), reported by the region for the years of its survey cadence, every second
  year from 2019 (the cadence is the fixture's: Kolada has every year);
- `county-values.csv`: Kolada's own values for the county (0023) of every series the report
  shows, straight from the national files, for the test that the report's county values are
  Kolada's.
"""
import csv
import json
import os
import sys

REGION = "23"
MUNICIPALITIES = {
    "2303": "ragunda", "2305": "bracke", "2309": "krokom", "2313": "stromsund",
    "2321": "are", "2326": "berg", "2361": "harjedalen", "2380": "ostersund",
}
KOLADA = ["N02267", "N01958", "N00945"]
KOLADA_YEARS = range(2012, 2023)
KOLADA_GEOS = ["0000", "0022", "0023"] + sorted(MUNICIPALITIES)
GROUPS = [("N03920", ""), ("N03921", "unga 16-24"), ("N03926", "långtidsarbetslösa 25-65")]
PER_PAGE = 400
BASE = "https://api.kolada.se/v3/data/kpi/{}/municipality/{}".format(
    ",".join(KOLADA), ",".join(KOLADA_GEOS))


def geo4(geo):
    """`0` (Riket), `23` (a county) and `2380` (a municipality) as Kolada's API writes them."""
    return geo.zfill(4) if len(geo) > 2 else "00" + geo.zfill(2)


def read(national, kpi, by_gender):
    """{(geo4, year, gender): text} from one national file."""
    name = "ddf--datapoints--{}--by--geo--{}year.csv".format(
        kpi.lower(), "gender--" if by_gender else "")
    out = {}
    path = os.path.join(national, name)
    if not os.path.exists(path):
        return out
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            gender = row["gender"].upper() if by_gender else "T"
            out[(geo4(row["geo"]), int(row["year"]), gender)] = row[kpi.lower()]
    return out


def number(text):
    x = float(text)
    return int(x) if x.is_integer() and "." not in text else round(x, 6)


def swedish(text):
    """A value as Swedish Excel writes it: decimal comma, at most the national file's digits."""
    x = float(text)
    s = ("%.6f" % x).rstrip("0").rstrip(".")
    return s.replace(".", ",")


def kolada_pages(national, out):
    items = []
    for kpi in KOLADA:
        data = {**read(national, kpi, False), **read(national, kpi, True)}
        for geo in KOLADA_GEOS:
            for year in KOLADA_YEARS:
                vals = [{"gender": g, "value": number(data[(geo, year, g)]), "count": 1,
                         "status": ""} for g in "TKM" if (geo, year, g) in data]
                if vals:
                    items.append({"kpi": kpi, "municipality": geo, "period": year,
                                  "values": vals})
    pages = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
    url = lambda n: "{}?page={}&per_page={}".format(BASE, n, PER_PAGE)
    os.makedirs(out, exist_ok=True)
    for n, page in enumerate(pages, start=1):
        doc = {"count": len(page), "values": page,
               "next_url": url(n + 1) if n < len(pages) else None,
               "previous_url": url(n - 1) if n > 1 else None}
        with open(os.path.join(out, "data-page-{}.json".format(n)), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")
    return len(items), len(pages)


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def inbox(national, out):
    groups = [({**read(national, k, False), **read(national, k, True)}, cell) for k, cell in GROUPS]
    actors = {"0023": "region", **MUNICIPALITIES}
    rows = 0
    for geo, actor in actors.items():
        lines = []
        for year in range(2015, 2023):
            for data, cell in groups:
                for g in "TKM":
                    if (geo, year, g) in data:
                        lines.append(["arbetsloshet", actor, year, g, cell,
                                      swedish(data[(geo, year, g)])])
        write_csv(os.path.join(out, actor, "arbetsloshet.csv"),
                  ["indikator", "aktör", "period", "kön", "grupp", "värde"], lines)
        rows += len(lines)
    workplaces = read(national, "N01004", False)
    lines = [["nya-arbetsstallen", "region", year, swedish(workplaces[("0023", year, "T")])]
             for year in (2019, 2021)]
    write_csv(os.path.join(out, "region", "nya-arbetsstallen.csv"),
              ["indikator", "aktör", "period", "värde"], lines)
    return rows + len(lines)


def county_values(national, path):
    """indicator,series,period,value: series as the report's CSV names it (`K grupp=unga 16-24`)."""
    rows = []
    wanted = [("N02267", "N02267", "", "KM", range(2020, 2023)),
              ("N01958", "N01958", "", "T", range(2012, 2023)),
              ("N00945", "N00945", "", "T", range(2012, 2023))]
    # The plan's targets on unemployment: the total (with its groups) and young women's.
    wanted += [("arbetsloshet", kpi, cell, "TK" if kpi == "N03921" else "T", range(2015, 2023))
               for kpi, cell in GROUPS]
    for ind, kpi, cell, genders, years in wanted:
        data = {**read(national, kpi, False), **read(national, kpi, True)}
        for g in genders:
            series = " ".join(x for x in [g if g != "T" else "", "grupp=" + cell if cell else ""] if x)
            for year in years:
                if ("0023", year, g) in data:
                    period = "{}-{}".format(year - 4, year) if ind == "N01958" else str(year)
                    rows.append([ind, series, period, data[("0023", year, g)]])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("# Kolada's own values for Jämtlands län (0023), from its national files; "
                "Källa: Kolada (RKA). Made by make_fixture.py.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["indicator", "series", "period", "value"])
        w.writerows(rows)
    return len(rows)


def main(shared):
    national = os.path.join(shared, "national")
    here = os.path.dirname(os.path.abspath(__file__))
    n, pages = kolada_pages(national, os.path.join(here, "kolada"))
    rows = inbox(national, os.path.join(here, "inbox"))
    county_values(national, os.path.join(here, "county-values.csv"))
    print("{} Kolada items on {} pages; {} inbox rows".format(n, pages, rows))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/kolada")
