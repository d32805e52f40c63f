#!/usr/bin/env python3
"""Cleans a JSONL dataset with unboil inside Spark, two ways.

    spark-submit examples/spark/clean_jsonl.py INPUT OUTPUT [--mode package|pipe] [--binary unboil]

INPUT is JSONL (one page a line: `id`, `url` or `metadata.url`, and the page under `html` or
`raw_html`, or text under `text`, `content` or `body`), read with `textFile` (so also .gz, and any
Hadoop path); OUTPUT is a folder of part files, each line the JSON record `unboil clean --format
jsonl` writes (id, url, metadata, text, removals). Pages without an article are left out.

--mode package (the default): `mapPartitions` with the Python package (`pip install ./python` on
  every executor). One `unboil.Cleaner` per partition (rules parsed and patterns compiled once),
  the GIL released while each page is cleaned.
--mode pipe: `RDD.pipe` through the unboil binary, which must be on every executor (`--binary`,
  default `unboil` on the PATH). Each partition's lines go to `unboil-pipe.sh`, beside this file,
  which hands them to `unboil clean` as a JSONL dump and prints the records. No Python package
  needed, and the binary's own threads are used (`UNBOIL_THREADS` / RAYON_NUM_THREADS).
"""

import argparse
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# Which fields hold the page, in the order `unboil clean` looks for them, and whether they are HTML.
BODY_FIELDS = [("html", True), ("raw_html", True), ("text", False), ("content", False), ("body", False)]


def page_of(line):
    """(id, url, body, is_html) of a JSONL line, or None for a line with no page in it."""
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    if not isinstance(rec, dict):
        return None
    for field, is_html in BODY_FIELDS:
        body = rec.get(field)
        if isinstance(body, str) and body.strip():
            break
    else:
        return None
    url = rec.get("url")
    if url is None and isinstance(rec.get("metadata"), dict):
        url = rec["metadata"].get("url")
    page_id = rec.get("id")
    return (None if page_id is None else str(page_id), url, body, is_html)


def clean_partition(lines, config=None):
    """mapPartitions function: JSONL lines in, unboil's JSON records out."""
    import unboil  # imported on the executor

    cleaner = unboil.Cleaner(config=config)
    for line in lines:
        page = page_of(line)
        if page is None:
            continue
        page_id, url, body, is_html = page
        record = cleaner.clean_json(body, url, id=page_id, html=is_html)
        if record is not None:
            yield record


def clean_with_package(rdd, config=None):
    """The records of a JSONL RDD, cleaned with the Python package."""
    return rdd.mapPartitions(lambda lines: clean_partition(lines, config))


def clean_with_pipe(rdd, binary="unboil"):
    """The records of a JSONL RDD, cleaned by piping each partition through the binary."""
    script = os.path.join(HERE, "unboil-pipe.sh")
    return rdd.pipe(f"sh {script}", env={"UNBOIL": binary})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--mode", choices=["package", "pipe"], default="package")
    ap.add_argument("--binary", default="unboil")
    ap.add_argument("--config", help="a config.toml, for the package mode")
    args = ap.parse_args()

    from pyspark import SparkContext

    sc = SparkContext(appName="unboil-clean")
    rdd = sc.textFile(args.input)
    if args.mode == "package":
        out = clean_with_package(rdd, args.config)
    else:
        out = clean_with_pipe(rdd, args.binary)
    out.saveAsTextFile(args.output)
    sc.stop()


if __name__ == "__main__":
    main()
