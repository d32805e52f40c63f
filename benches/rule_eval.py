#!/usr/bin/env python3
"""What site rules do to the scores: learned rules per host, and the imported FTR rules.

  python3 benches/rule_eval.py learn [--unboil target/release/unboil]
      wcxb-dev pages on hosts with >= 3 pages: `unboil learn` on each host's pages, then the
      same pages cleaned with and without the learned rules (imported rules off in both).
  python3 benches/rule_eval.py ftr [--unboil target/release/unboil]
      aeb and wcxb-dev cleaned with the rules/ftr/ rules on and off.

Scores come from ../shared/bench/score.py (token precision, recall, F1). Not run by cargo.
"""
import argparse, collections, gzip, json, os, subprocess, sys, tempfile
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "..", "shared", "bench")


def load(corpus):
    rows = [json.loads(l) for l in open(os.path.join(BENCH, corpus, "truth.jsonl"))]
    out = []
    for r in rows:
        base = os.path.join(BENCH, corpus, "pages", r["id"] + ".html")
        if os.path.exists(base + ".gz"):
            html = gzip.open(base + ".gz").read()
        elif os.path.exists(base):
            html = open(base, "rb").read()
        else:
            continue
        out.append((r, html.decode("utf-8", "replace")))
    return out


def host(url):
    h = (urlparse(url or "").hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def dump(path, pages):
    with open(path, "w") as f:
        for r, html in pages:
            f.write(json.dumps({"id": r["id"], "url": r.get("url"), "html": html}) + "\n")


def clean(unboil, config, dump_path, pred_dir):
    os.makedirs(pred_dir, exist_ok=True)
    res = subprocess.run([unboil, "clean", dump_path, "--format", "jsonl", "-c", config],
                         capture_output=True, text=True)
    for line in res.stdout.splitlines():
        d = json.loads(line)
        open(os.path.join(pred_dir, d["id"] + ".txt"), "w").write(d.get("text", ""))


def score(truth_rows, pred_dir, tmp):
    truth = os.path.join(tmp, os.path.basename(pred_dir) + "-truth.jsonl")
    with open(truth, "w") as f:
        for r in truth_rows:
            f.write(json.dumps(r) + "\n")
    out = subprocess.run([sys.executable, os.path.join(BENCH, "score.py"), "--truth", truth,
                          "--pred", pred_dir, "--json"], capture_output=True, text=True)
    return json.loads(out.stdout)


def config(tmp, name, rules_dir, imported):
    os.makedirs(rules_dir, exist_ok=True)
    path = os.path.join(tmp, name + ".toml")
    open(path, "w").write(
        f'[extract]\non_no_article = "keep"\n[clean]\nrules = ["{rules_dir}"]\n'
        f'imported_rules = {"true" if imported else "false"}\n')
    return path


def show(name, s):
    print(f"  {name:<22} precision={s['precision']:.4f} recall={s['recall']:.4f} f1={s['f1']:.4f}")


def learn(unboil, tmp):
    pages = load("wcxb-dev")
    by_host = collections.defaultdict(list)
    for r, html in pages:
        by_host[host(r.get("url"))].append((r, html))
    chosen = {h: p for h, p in by_host.items() if h and len(p) >= 3}
    subset = [x for p in chosen.values() for x in p]
    print(f"wcxb-dev: {len(subset)} pages on {len(chosen)} hosts with >= 3 pages")
    learned = os.path.join(tmp, "learned")
    os.makedirs(learned, exist_ok=True)
    base_cfg = config(tmp, "base", os.path.join(tmp, "norules"), False)
    for h, p in sorted(chosen.items()):
        d = os.path.join(tmp, f"host-{h}.jsonl")
        dump(d, p)
        res = subprocess.run([unboil, "learn", d, "-c", base_cfg, "-o",
                              os.path.join(learned, h + ".toml")], capture_output=True, text=True)
        print("   ", res.stderr.strip().replace("\n", "\n    "))
    all_dump = os.path.join(tmp, "subset.jsonl")
    dump(all_dump, subset)
    clean(unboil, base_cfg, all_dump, os.path.join(tmp, "pred-base"))
    clean(unboil, config(tmp, "learned", learned, False), all_dump, os.path.join(tmp, "pred-learned"))
    rows = [r for r, _ in subset]
    a = score(rows, os.path.join(tmp, "pred-base"), tmp)
    b = score(rows, os.path.join(tmp, "pred-learned"), tmp)
    show("without learned rules", a)
    show("with learned rules", b)
    print(f"  precision {b['precision'] - a['precision']:+.4f}, recall {b['recall'] - a['recall']:+.4f}")


def ftr(unboil, tmp, corpora):
    rules = os.path.join(ROOT, "rules")
    for corpus in corpora:
        pages = load(corpus)
        d = os.path.join(tmp, corpus + ".jsonl")
        dump(d, pages)
        rows = [r for r, _ in pages]
        print(f"{corpus}: {len(pages)} pages")
        for name, imported in [("ftr off", False), ("ftr on", True)]:
            pred = os.path.join(tmp, f"pred-{corpus}-{name.replace(' ', '-')}")
            clean(unboil, config(tmp, name.replace(" ", "-"), rules, imported), d, pred)
            show(name, score(rows, pred, tmp))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["learn", "ftr"])
    ap.add_argument("--unboil", default=os.path.join(ROOT, "target", "release", "unboil"))
    ap.add_argument("--keep", help="keep the work folder here")
    ap.add_argument("--corpus", action="append", help="ftr: aeb and/or wcxb-dev [default: both]")
    a = ap.parse_args()
    tmp = a.keep or tempfile.mkdtemp(prefix="rule-eval-")
    os.makedirs(tmp, exist_ok=True)
    if a.what == "learn":
        learn(os.path.abspath(a.unboil), tmp)
    else:
        ftr(os.path.abspath(a.unboil), tmp, a.corpus or ["aeb", "wcxb-dev"])


if __name__ == "__main__":
    main()
