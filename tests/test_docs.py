"""docs/architecture.md agrees with the package: every module listed, none invented, and the
stages' order respected by the imports (no module imports from a later stage, no cycle)."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `(geo/[\w/]+\.py)` \| (\d+) [\w ]+ \| .+ \|$")


def _table() -> dict[str, int]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return {m.group(1): int(m.group(2)) for line in text.splitlines() if (m := ROW.match(line))}


def _module_name(path: str) -> str:
    return path[:-3].replace("/", ".").removesuffix(".__init__")


def _geo_imports(path: Path, module: str) -> set[str]:
    """Every geo module `path` imports, at its top or inside a function."""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{target}.{a.name}" for a in node.names}  # a module or a name in one
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("geo"):
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("geo")}
    return found


def test_the_module_table_lists_every_module_of_the_package_and_no_other():
    listed = set(_table())
    present = {p.relative_to(ROOT).as_posix() for p in (ROOT / "geo").rglob("*.py")}
    assert listed - present == set(), "docs/architecture.md lists modules that do not exist"
    assert present - listed == set(), "modules missing from the table in docs/architecture.md"


def test_no_module_imports_from_a_later_stage():
    stage = {_module_name(p): s for p, s in _table().items()}
    late = []
    for path, s in _table().items():
        for target in _geo_imports(ROOT / path, _module_name(path)):
            while target not in stage and "." in target:
                target = target.rsplit(".", 1)[0]  # 'geo.store.Store' -> 'geo.store'
            if stage.get(target, 0) > s:
                late.append(f"{path} (stage {s}) imports {target} (stage {stage[target]})")
    assert late == []


def test_there_is_no_import_cycle_between_modules():
    table = _table()
    names = {_module_name(p) for p in table}
    graph = {}
    for path in table:
        deps = set()
        for target in _geo_imports(ROOT / path, _module_name(path)):
            while target not in names and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in names and target != _module_name(path) and target != "geo":
                deps.add(target)
        graph[_module_name(path)] = deps
    done: set[str] = set()

    def visit(node: str, trail: tuple[str, ...]) -> None:
        assert node not in trail, f"import cycle: {' -> '.join(trail + (node,))}"
        if node in done:
            return
        for dep in graph[node]:
            visit(dep, trail + (node,))
        done.add(node)

    for module in graph:
        visit(module, ())


MAX_MODULE_LINES, MAX_CLASS_LINES, MAX_FUNCTION_LINES = 400, 200, 60
# Known debt, to shrink and never to grow (empty since events.py was split into triggers, places
# and the extractor). The test fails when an entry is over the limit by more than stated here,
# and when one is no longer needed.
KNOWN_TOO_LONG: dict[str, int] = {}


def test_no_module_class_or_function_of_the_package_is_too_long_to_read_in_one_sitting():
    """The bar of issue 17: modules up to 400 lines, classes up to 200, functions up to 60
    (decorators and docstrings included), so that none grows back into a god-module."""
    too_long = []
    for path in sorted((ROOT / "geo").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if len(text.splitlines()) > MAX_MODULE_LINES:
            too_long.append(f"{name}: {len(text.splitlines())} lines (module limit {MAX_MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            limit = (MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
                     if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None)
            if limit is None:
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            lines = (node.end_lineno or node.lineno) - first + 1
            if lines > limit:
                too_long.append(f"{name}:{node.lineno} {node.name}: {lines} lines (limit {limit})")
    assert [t for t in too_long if not _known(t)] == []
    assert {k for k in KNOWN_TOO_LONG if not any(_known(t) and _key(t) == k for t in too_long)} == set(), \
        "a known long module or function is within the limit now: remove it from KNOWN_TOO_LONG"


def _key(entry: str) -> str:
    """'geo/x/y.py: 551 lines (...)' -> 'geo/x/y.py'; 'geo/x/y.py:327 extract: ...' ->
    'geo/x/y.py:extract'."""
    where, _, rest = entry.partition(": ")
    if " " in where:  # a function or class: 'path:line name'
        path_line, name = where.split(" ", 1)
        return f"{path_line.split(':')[0]}:{name}"
    return where


def _known(entry: str) -> bool:
    lines = int(entry.partition(": ")[2].split(" ", 1)[0])
    return lines <= KNOWN_TOO_LONG.get(_key(entry), -1)


def test_the_readme_is_short_and_links_every_page_of_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250, "README.md over 250 lines: move details to docs/"
    pages = {p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")}
    assert {"docs/architecture.md", "docs/accuracy.md", "docs/performance.md"} <= pages
    assert {p for p in pages if f"({p})" not in readme} == set(), "docs pages the README does not link"


def test_relative_links_in_the_readme_and_docs_point_at_files_that_exist():
    broken = []
    for page in [ROOT / "README.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert broken == []
