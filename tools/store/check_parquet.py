#!/usr/bin/env python3
"""Checks that `rasd export --format parquet` is readable by pyarrow and
pandas with proper column types, and agrees with the CSV export.

    python3 tools/store/check_parquet.py EVENTS.parquet EVENTS.csv
"""

import csv
import sys

import pyarrow as pa
import pyarrow.parquet as pq


def main():
    parquet_path, csv_path = sys.argv[1], sys.argv[2]
    table = pq.read_table(parquet_path)
    expected = {
        "published": pa.date32(),
        "date": pa.date32(),
        "code": pa.string(),
        "quad_class": pa.int32(),
        "goldstein": pa.float64(),
        "lat": pa.float64(),
        "confidence": pa.float64(),
        "num_mentions": pa.int32(),
        "source_latin": pa.string(),
    }
    for name, ty in expected.items():
        got = table.schema.field(name).type
        assert got == ty, f"{name}: {got} != {ty}"
    with open(csv_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert table.num_rows == len(rows), (table.num_rows, len(rows))
    df = table.to_pandas()
    assert list(df["code"]) == [r["code"] for r in rows]
    assert list(df["document"]) == [r["document"] for r in rows]
    # Arabic text survives the round trip.
    assert any(any("\u0600" <= c <= "\u06ff" for c in (t or "")) for t in df["trigger"])
    print(f"parquet ok: {table.num_rows} events, {table.num_columns} columns; "
          f"pandas dtypes: published={df['published'].dtype}, goldstein={df['goldstein'].dtype}")


if __name__ == "__main__":
    main()
