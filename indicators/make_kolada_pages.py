#!/usr/bin/env python3
"""Writes indicators/kolada/: the sample plan's Kolada values in the shape of Kolada's open API.

Run from the repository root with the shared data beside it:
    python3 indicators/make_kolada_pages.py ../shared/data/kolada

Not run by the build or the tests: its output is committed, so that `utblick kolada import`
(and the README's first command) work offline. The pages are what one query of Kolada's API v3
returns for the catalogue's Kolada KPIs over Riket (0000), Region Örebro län (0018) and the
county's twelve municipalities, 2010-2022: `{"count", "values": [{"kpi", "municipality",
"period", "values": [{"gender", "value", "count", "status"}]}], "next_url", "previous_url"}`,
500 items a page. Values are unchanged from the Kolada dump (Källa: Kolada, RKA).
"""
import csv
import json
import os
import sys

KOLADA = """N00999 N01004 N02267 N03702 N45850 N45851 N01982 N01951 N01963 N01958 N01964 N01806
N02268 N03920 N03921 N03926 N02276 N07900 N07418 N00401""".split()
GEOS = ["0000", "0018", "1814", "1860", "1861", "1862", "1863", "1864",
        "1880", "1881", "1882", "1883", "1884", "1885"]
FIRST_YEAR, LAST_YEAR = 2010, 2022
PER_PAGE = 500
BASE = "https://api.kolada.se/v3/data/kpi/{}/municipality/{}".format(",".join(KOLADA), ",".join(GEOS))


def number(text):
    x = float(text)
    return int(x) if x.is_integer() and "." not in text else x


def main(shared):
    items = {}
    with open(os.path.join(shared, "orebro_lan_values.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kpi"] not in KOLADA:
                continue
            geo = row["geo"].zfill(4)
            year = int(row["year"])
            if geo not in GEOS or not FIRST_YEAR <= year <= LAST_YEAR:
                continue
            key = (KOLADA.index(row["kpi"]), GEOS.index(geo), year)
            items.setdefault(key, []).append(
                {"gender": row["gender"], "value": number(row["value"]), "count": 1, "status": ""})
    order = {"T": 0, "K": 1, "M": 2}
    values = []
    for (k, g, year) in sorted(items):
        vals = sorted(items[(k, g, year)], key=lambda v: order[v["gender"]])
        values.append({"kpi": KOLADA[k], "municipality": GEOS[g], "period": year, "values": vals})
    out = "indicators/kolada"
    os.makedirs(out, exist_ok=True)
    pages = [values[i:i + PER_PAGE] for i in range(0, len(values), PER_PAGE)]
    url = lambda n: "{}?page={}&per_page={}".format(BASE, n, PER_PAGE)
    for n, page in enumerate(pages, start=1):
        doc = {
            "count": len(page),
            "values": page,
            "next_url": url(n + 1) if n < len(pages) else None,
            "previous_url": url(n - 1) if n > 1 else None,
        }
        with open(os.path.join(out, "data-page-{}.json".format(n)), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
            f.write("\n")
    meta = []
    with open(os.path.join(shared, "kpis.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["id"] in KOLADA:
                meta.append({
                    "id": row["id"], "title": row["title"], "description": row["description"],
                    "operating_area": row["operating_area"], "perspective": row["perspective"],
                    "is_divided_by_gender": row["is_divided_by_gender"] == "1"
                    or row["is_divided_by_gender"].lower() == "true",
                    "municipality_type": row["municipality_type"],
                })
    meta.sort(key=lambda m: KOLADA.index(m["id"]))
    with open(os.path.join(out, "kpi.json"), "w", encoding="utf-8") as f:
        json.dump({"count": len(meta), "values": meta}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("{} items on {} pages, {} KPIs".format(len(values), len(pages), len(meta)))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/kolada")
