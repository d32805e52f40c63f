#!/usr/bin/env python3
"""Builds the whole-run benchmark corpora from the files in ../shared/bench.

    python3 benches/make_corpora.py --bench ../shared/bench --out /tmp/unboil-corpora [--size 1G]

writes, each about --size bytes of input (the repeats are whole documents, so a little over):

- text.jsonl       {"id","url","text"} lines: article text (the "light" dumps: each AEB page as a
                   Readability-style extractor returned it, leftovers and all) repeated, the way a
                   scraper's export of article text looks
- fulltext.jsonl   the same from aeb-dumps/full: all visible text of each page (menus, footers)
- html.jsonl       {"id","url","html"} lines: the AEB pages (aeb/pages/<id>.html) repeated
- html.warc.gz     the same pages as WARC/1.0 response records, one gzip member per record (as
                   Common Crawl writes them)

Repeat r of page <id> gets the id "<id>-<r>" (in WARC, the URL's fragment "#<id>-<r>"), so every
document of a corpus is distinct, and benches/whole_run.rs scores a run against the AEB truth by
the part before the dash. Only the standard library is used.

--kinds picks which corpora to write (default: text,fulltext,html-jsonl,warc); --size takes K, M
or G (powers of 1000, as MB/s are counted).

The light dumps are aeb-dumps/light/ when the bench folder has it; otherwise pass --light DIR, a
folder of <id>.txt the AEB bench writes for its peer, Readability's Rust port, which is what the
light dumps are:

    cargo bench --bench extract -- --pages ../shared/bench/aeb/pages \\
        --truth ../shared/bench/aeb/truth.jsonl --runs 1 --keep /tmp/aeb-keep
    # then --light /tmp/aeb-keep/aeb/dom_smoothie
"""

import argparse
import gzip
import io
import json
import os
import sys
import uuid


def parse_size(text):
    units = {"K": 10**3, "M": 10**6, "G": 10**9}
    text = text.strip().upper().rstrip("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def load_truth(bench):
    path = os.path.join(bench, "aeb", "truth.jsonl")
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                truth[rec["id"]] = rec
    return truth


def text_dumps(folder, hint):
    """(id, text) for every <id>.txt in `folder`, sorted for a stable corpus."""
    out = []
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".txt"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    out.append((name[: -len(".txt")], f.read()))
    if not out:
        sys.exit(f"no text dumps (*.txt) in {folder}: {hint}")
    return out


def html_pages(bench):
    folder = os.path.join(bench, "aeb", "pages")
    out = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".html"):
            with open(os.path.join(folder, name), "rb") as f:
                out.append((name[: -len(".html")], f.read()))
    if not out:
        sys.exit(f"no pages (*.html) under {folder}: is --bench the shared bench folder?")
    return out


def repeats(items, size):
    """Yields (repeat, id, body) over `items` again and again until `size` bytes of bodies."""
    total = 0
    r = 0
    while True:
        for page_id, body in items:
            if total >= size:
                return
            yield r, page_id, body
            total += len(body.encode("utf-8") if isinstance(body, str) else body)
        r += 1


def write_text_jsonl(path, dumps, truth, size, ids):
    with open(path, "w", encoding="utf-8") as f:
        for r, page_id, text in repeats(dumps, size):
            doc_id = f"{page_id}-{r}"
            ids.append((doc_id, page_id))
            url = truth.get(page_id, {}).get("url")
            f.write(json.dumps({"id": doc_id, "url": url, "text": text}, ensure_ascii=False))
            f.write("\n")


def write_html_jsonl(path, pages, truth, size, ids):
    with open(path, "w", encoding="utf-8") as f:
        for r, page_id, body in repeats(pages, size):
            doc_id = f"{page_id}-{r}"
            ids.append((doc_id, page_id))
            url = truth.get(page_id, {}).get("url")
            html = body.decode("utf-8", errors="replace")
            f.write(json.dumps({"id": doc_id, "url": url, "html": html}, ensure_ascii=False))
            f.write("\n")


def warc_record(url, body):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + (
        f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    payload = http + body
    head = (
        "WARC/1.0\r\n"
        "WARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        "WARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode()
    return head + payload + b"\r\n\r\n"


def write_warc(path, pages, truth, size, ids):
    with open(path, "wb") as raw:
        for r, page_id, body in repeats(pages, size):
            # The WARC id of a page is its URL; a fragment keeps the repeats apart.
            base = truth.get(page_id, {}).get("url") or f"https://example.org/{page_id}"
            url = f"{base}#{page_id}-{r}"
            ids.append((url, page_id))
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6, mtime=0) as gz:
                gz.write(warc_record(url, body))
            raw.write(buf.getvalue())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(here, "..", "..", "shared", "bench"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", default="1G")
    ap.add_argument("--kinds", default="text,fulltext,html-jsonl,warc")
    ap.add_argument("--light", help="folder of light text dumps (<id>.txt), see above")
    args = ap.parse_args()
    size = parse_size(args.size)
    kinds = {k.strip() for k in args.kinds.split(",") if k.strip()}
    unknown = kinds - {"text", "fulltext", "html-jsonl", "warc"}
    if unknown:
        sys.exit(f"unknown --kinds {sorted(unknown)}: use text, fulltext, html-jsonl, warc")
    os.makedirs(args.out, exist_ok=True)
    truth = load_truth(args.bench)
    ids = []
    if "text" in kinds:
        light = args.light or os.path.join(args.bench, "aeb-dumps", "light")
        dumps = text_dumps(light, "pass --light DIR (see --help for how to make it)")
        write_text_jsonl(os.path.join(args.out, "text.jsonl"), dumps, truth, size, ids)
    if "fulltext" in kinds:
        full = os.path.join(args.bench, "aeb-dumps", "full")
        dumps = text_dumps(full, "is --bench the shared bench folder?")
        write_text_jsonl(os.path.join(args.out, "fulltext.jsonl"), dumps, truth, size, ids)
    if kinds & {"html-jsonl", "warc"}:
        pages = html_pages(args.bench)
        if "html-jsonl" in kinds:
            write_html_jsonl(os.path.join(args.out, "html.jsonl"), pages, truth, size, ids)
        if "warc" in kinds:
            write_warc(os.path.join(args.out, "html.warc.gz"), pages, truth, size, ids)
    for name in sorted(os.listdir(args.out)):
        print(f"{os.path.join(args.out, name)}\t{os.path.getsize(os.path.join(args.out, name))}")


if __name__ == "__main__":
    main()
