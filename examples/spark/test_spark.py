"""The Spark example in local mode, both ways, against a plain `unboil clean` of the same data.

Run by .ci/run (`pytest examples/spark`), with UNBOIL_BIN set to the release binary. Skips, saying
why, only where pyspark or Java is missing.
"""

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import clean_jsonl  # noqa: E402

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed: pip install pyspark")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java (java on PATH or JAVA_HOME): Spark needs Java 17", allow_module_level=True)


def binary():
    path = os.environ.get("UNBOIL_BIN") or shutil.which("unboil")
    if not path:
        pytest.fail("UNBOIL_BIN is not set and no unboil on PATH: build it (cargo build --release)")
    return os.path.abspath(path)


def dataset(path):
    """HTML pages of fixtures/html and text documents of the equivalence dump, as one JSONL."""
    lines = []
    for i, page in enumerate(sorted(glob.glob(os.path.join(ROOT, "fixtures/html/*/input.html")))):
        with open(page, encoding="utf-8", errors="replace") as f:
            lines.append({"id": f"html-{i}", "url": f"https://example.org/page/{i}", "html": f.read()})
    with open(os.path.join(ROOT, "fixtures/equivalence/dump.jsonl"), encoding="utf-8") as f:
        for line in list(f)[:120]:
            lines.append(json.loads(line))
    with open(path, "w", encoding="utf-8") as f:
        for rec in lines:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return len(lines)


def by_id(lines):
    """Records by id, without `source` (where each tool read the page from differs)."""
    out = {}
    for line in lines:
        rec = json.loads(line)
        rec.pop("source", None)
        out[rec["id"]] = rec
    return out


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    sc = pyspark.SparkContext(master="local[2]", appName="unboil-test")
    sc.setLogLevel("ERROR")
    # The workers import the job's functions from the module, as spark-submit --py-files would.
    sc.addPyFile(clean_jsonl.__file__)
    yield sc
    sc.stop()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("spark")
    n = dataset(tmp / "data.jsonl")
    out = tmp / "expected.jsonl"
    # An empty folder as the working directory: the same (no) rules/ folder the executors see.
    subprocess.run(
        [binary(), "clean", "data.jsonl", "--format", "jsonl", "-q", "-o", str(out)],
        cwd=tmp,
        check=True,
    )
    expected = by_id(out.read_text(encoding="utf-8").splitlines())
    assert len(expected) > 100, "the dataset should have more than a hundred articles"
    assert len(expected) <= n
    return tmp, expected


def test_map_partitions_with_the_package_cleans_as_the_command_does(spark, data, monkeypatch):
    import unboil  # noqa: F401  (installed by `pip install ./python`; a missing package fails)

    tmp, expected = data
    monkeypatch.chdir(tmp)
    rdd = spark.textFile(str(tmp / "data.jsonl"), minPartitions=3)
    got = by_id(clean_jsonl.clean_with_package(rdd).collect())
    assert got.keys() == expected.keys()
    for key, rec in expected.items():
        assert got[key] == rec, key


def test_pipe_through_the_binary_cleans_as_the_command_does(spark, data, monkeypatch):
    tmp, expected = data
    monkeypatch.chdir(tmp)
    rdd = spark.textFile(str(tmp / "data.jsonl"), minPartitions=3)
    got = by_id(clean_jsonl.clean_with_pipe(rdd, binary()).collect())
    assert got.keys() == expected.keys()
    for key, rec in expected.items():
        assert got[key] == rec, key
