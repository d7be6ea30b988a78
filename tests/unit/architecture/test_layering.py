"""The architecture as the tree shows it, enforced: what each layer may import, where faust's private
names may appear, and no import cycle inside ``streams``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "streams"
# The stages and the pure pipeline: no faust, no Kafka client of any kind.
PURE = ("clean", "dedup", "entities", "pipeline")
KAFKA_CLIENTS = ("faust", "aiokafka", "kafka", "mode")
# Private names of faust, mode and aiokafka that the extension layer reads or overrides.
FAUST_PRIVATE = re.compile(
    r"\._(acked|acked_index|committed_offset|gap|read_offset|commit_every|stopped|thread|ensure_consumer|"
    r"subscription|tp_index|transaction_producers|tps_to_transactional_ids|start_transactions|recovery|"
    r"table_manager|app_tasks)\b"
)


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, typing_only: bool = True) -> list[str]:
    """Every module ``path`` imports, at any level (functions included; ``typing_only``: the imports of
    ``if TYPE_CHECKING:`` blocks too, which never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
                node.body = []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("layer", PURE)
def test_stages_and_pipeline_never_import_faust_or_kafka(layer: str) -> None:
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items() if name.split(".")[1:2] == [layer]
        for imported in _imports(path) if imported.split(".")[0] in KAFKA_CLIENTS
    ]
    assert not offenders


@pytest.mark.parametrize("layer", PURE)
def test_stages_and_pipeline_never_import_the_worker_tools_or_extension_layer(layer: str) -> None:
    outer = ("streams.worker", "streams.tools", "streams.faust_ext", "streams.topics", "streams.bench")
    offenders = [
        f"{name} imports {imported}"
        for name, path in _modules().items() if name.split(".")[1:2] == [layer]
        for imported in _imports(path) if imported.startswith(outer)
    ]
    assert not offenders


def test_faust_private_names_appear_only_in_the_extension_layer_compat_module() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}"
        for path in PACKAGE.rglob("*.py") if path.name != "compat.py" or path.parent.name != "faust_ext"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if FAUST_PRIVATE.search(line.split("#", 1)[0])
    ]
    assert not offenders


def test_no_private_name_is_read_with_a_silent_default() -> None:
    pattern = re.compile(r"getattr\([^,]+,\s*[\"']_")
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in PACKAGE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)
    ]
    assert not offenders


# orjson encodes and decodes JSON everywhere else; these modules need the standard library's json:
# JSON-LD as publishers write it (raw line breaks inside strings, which orjson refuses), and the naive
# faust application the benchmark compares against (it is written as a plain faust app would be).
STDLIB_JSON = {"streams.clean.jsonld", "streams.bench.faust_naive"}


def test_json_goes_through_orjson() -> None:
    offenders = [name for name, path in _modules().items() if "json" in _imports(path) and name not in STDLIB_JSON]
    assert not offenders


def test_no_import_cycle_inside_streams() -> None:
    """Imports that run (type annotations of ``if TYPE_CHECKING:`` blocks are not imports)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for imported in _imports(path, typing_only=False):
            # "streams.pipeline.outputs" or "streams.pipeline.Pipeline": the longest module prefix.
            parts = imported.split(".")
            while parts and ".".join(parts) not in modules:
                parts.pop()
            target = ".".join(parts)
            if target.startswith("streams") and target != name and target != "streams":
                deps.add(target)
        graph[name] = deps
    # A package's __init__ re-exporting its own submodules is not a cycle of the architecture.
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not (name in modules and d.startswith(name + "."))}
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                cycles.append(stack[stack.index(dep):] + [dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, " ; ".join(" -> ".join(c) for c in cycles[:5])
