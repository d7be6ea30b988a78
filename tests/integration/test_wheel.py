"""The package as a user installs it: `python -m build` gives an sdist and a wheel that pass
`twine check`; the wheel (runtime package, schemas, models, no tests) installs into a fresh
`python -m venv` with the interpreter's own pip, not upgraded, and `newsfeed process` routes the
example articles (text and HTML) as expected.

Needs the network to PyPI (pip's cache makes repeated runs quick); no broker."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

import streams

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
ENRICHED = {"ex-fr-lyon-1", "ex-en-rotterdam", "ex-de-grundsteuer", "ex-es-glaciares", "ex-en-kenya-html",
            "ex-fr-grenoble"}
DUPLICATES = {"ex-fr-lyon-2", "ex-fr-lyon-3"}  # and the keyless copy, keyed by its URL (u-...)
REJECTED_CODES = {"invalid_json", "wrong_field_type", "no_text", "not_an_object", "invalid_published_at",
                  "empty_after_cleaning"}


# The fresh venv must see only itself: no checkout on PYTHONPATH, no other active environment.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def _run(*args: str | Path, cwd: Path = ROOT, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=CLEAN_ENV if cwd != ROOT else None)
    assert proc.returncode == 0, f"{args}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("dist")
    _run(sys.executable, "-m", "build", "--outdir", out, ROOT)
    yield out


def test_sdist_and_wheel_pass_twine_check(dist: Path) -> None:
    files = sorted(dist.iterdir(), key=lambda f: f.suffix)
    assert [f.suffix for f in files] == [".gz", ".whl"], files
    assert f"newsfeed-{streams.__version__}" in files[0].name
    _run(sys.executable, "-m", "twine", "check", "--strict", *files)


def test_wheel_holds_the_runtime_package_schemas_and_models_not_tests(dist: Path) -> None:
    names = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]
    top = {n.split("/")[0] for n in names}
    assert top == {"streams", f"newsfeed-{streams.__version__}.dist-info"}, top
    for needed in ("streams/schemas/enriched.schema.json", "streams/data/examples.jsonl",
                   "streams/entities/models/en_conll/config.cfg", "streams/entities/data/places.json"):
        assert needed in names, needed


def test_wheel_installs_in_a_fresh_venv_and_processes_the_examples(dist: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # Outside the checkout: `python -m pip` puts its working directory on sys.path, where the
    # build's newsfeed.egg-info would pass for an installed newsfeed.
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)  # with the pip this Python ships, not upgraded
    python = venv / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", next(dist.glob("*.whl")), cwd=tmp_path, timeout=900)
    version = _run(venv / "bin" / "newsfeed", "--version", cwd=tmp_path).stdout.strip()
    assert version == f"newsfeed {streams.__version__}"
    examples = ROOT / "streams" / "data" / "examples.jsonl"
    out = _run(venv / "bin" / "newsfeed", "process", examples, cwd=tmp_path).stdout
    records = [orjson.loads(line) for line in out.splitlines()]
    routes: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        routes.setdefault(rec["topic"].removeprefix("news."), []).append(rec)
    assert {r["key"] for r in routes["enriched"]} == ENRICHED
    dup_keys = {r["key"] for r in routes["duplicates"]}
    assert dup_keys >= DUPLICATES and len(dup_keys - DUPLICATES) == 1
    assert {r["value"]["error"]["code"] for r in routes["rejected"]} == REJECTED_CODES
    assert len(routes["enriched"]) + len(routes["duplicates"]) + len(routes["rejected"]) == len(
        examples.read_bytes().splitlines())
    # The HTML page went through the extraction (trafilatura, justext and lxml_html_clean) and the NER.
    kenya = next(r["value"] for r in routes["enriched"] if r["key"] == "ex-en-kenya-html")
    assert {"Kenya", "William Ruto"} <= {e["name"] for e in kenya["entities"]}
    assert routes["entities"], "no news.entities fan-out records"
