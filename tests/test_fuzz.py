"""Bad input, fuzzed: whatever a volunteer types, the result is path:line findings and a non-zero exit,
never a traceback and never a silently skipped file.

CI runs the "ci" Hypothesis profile (a few hundred examples per test); `make fuzz` runs 10,000.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ibsa import analysis, cli, expr, loaders, yamlsrc
from tests.conftest import MINI

SC = "exercises/demo-camera.yaml"
LAW = "law/xx-demo.yaml"
FINDING = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): .+ \[[a-z-]+\]$")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(MINI, root)
    return root


def run(root: Path, rel: str, content: bytes) -> tuple[int, list[str]]:
    """Write one file, run `ibsa check` in-process, restore the file; return exit code and stderr lines."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(content)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["--root", str(root), "check"])
    finally:
        path.write_bytes(original)
    return code, err.getvalue().splitlines()


def assert_reported(code: int, lines: list[str], rel: str) -> None:
    assert code == 1, lines
    findings = [line for line in lines if not line.startswith("ibsa check:")]
    assert findings and all(FINDING.match(line) for line in findings), lines
    assert any(line.startswith(rel + ":") for line in findings), f"nothing reported for {rel}: {lines}"


# ---------------------------------------------------------------- strategies: each is invalid by construction

ORIGINAL = (MINI / SC).read_text(encoding="utf-8")
ORIGINAL_LAW = (MINI / LAW).read_text(encoding="utf-8")
text_value = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)


def replace_line(src: str, marker: str, new: str) -> str:
    return re.sub(rf"^.*{re.escape(marker)}.*$", lambda _: new, src, count=1, flags=re.M)


malformed_yaml = st.builds(lambda cut, junk: ORIGINAL[:cut] + junk, st.integers(0, len(ORIGINAL)),
                           st.sampled_from(["\n  - : [", "\n\t- x", ": : :\n", "\n{unclosed: [", "\n*alias_missing\n",
                                            "\n- a\nb: [1,\n"]))
wrong_type = st.builds(
    lambda field, value: replace_line(ORIGINAL, f"{field}:", f"{field}: {value}"),
    st.sampled_from(["incident_date", "tracks", "objectives", "jurisdiction", "tasks"]),
    st.sampled_from(["[1, 2]", "{a: 1}", "12", "null", "true", "'2025-13-45'", "[]"]))
unknown_fact = st.builds(lambda name, value: ORIGINAL.replace("facts:\n", f"facts:\n  zz_{name}: {value}\n", 1),
                         st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True), st.sampled_from(["true", "3"]))
unknown_provision = st.builds(lambda pid: ORIGINAL.replace("provision: CN-DEMO-1", f"provision: CN-ZZ-{pid}", 1),
                              st.from_regex(r"[A-Z0-9]{1,8}", fullmatch=True))
bad_date = st.builds(lambda y, m, d: replace_line(ORIGINAL, "incident_date:",
                                                  f"incident_date: {y:04d}-{m:02d}-{d:02d}"),
                     st.one_of(st.integers(0, 1899), st.integers(2101, 9999)), st.integers(1, 12), st.integers(1, 28))
impossible_date = st.builds(lambda m, d: replace_line(ORIGINAL, "incident_date:",
                                                     f"incident_date: 2025-{m:02d}-{d:02d}"),
                            st.integers(13, 99), st.integers(1, 28)) | st.builds(
    lambda d: replace_line(ORIGINAL, "incident_date:", f"incident_date: 2025-02-{d:02d}"), st.integers(30, 99))
long_string = st.builds(lambda n, c: replace_line(ORIGINAL, "title:", f"title: {c * n}"),
                        st.integers(501, 200_000), st.sampled_from(["x", "案", "é"]))
empty = st.sampled_from(["", "\n", "---\n", "# only a comment\n", "null\n", "[]\n", "''\n"])
unknown_field = st.builds(lambda k, v: ORIGINAL + f"\n{k}: {v}\n",
                          st.from_regex(r"zz[a-z_]{1,15}", fullmatch=True), text_value.map(repr))
scenario_text = st.one_of(malformed_yaml, wrong_type, unknown_fact, unknown_provision, bad_date, impossible_date,
                          long_string, empty, unknown_field)


@given(scenario_text)
def test_broken_scenario_text(repo: Path, content: str) -> None:
    assert_reported(*run(repo, SC, content.encode("utf-8")), SC)


@given(st.binary(min_size=1, max_size=200).filter(lambda b: _invalid_utf8(b)))
def test_non_utf8_bytes(repo: Path, junk: bytes) -> None:
    assert_reported(*run(repo, SC, ORIGINAL.encode("utf-8") + junk), SC)


def _invalid_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@given(st.binary(max_size=400))
def test_random_bytes_never_crash_and_never_vanish(repo: Path, junk: bytes) -> None:
    """Random bytes may by chance be valid YAML, but never crash and are never skipped silently."""
    code, lines = run(repo, SC, junk)
    assert code == 1  # whatever it is, it is not a valid scenario with the id demo-camera
    assert any(line.startswith(SC + ":") for line in lines)


broken_expression = st.one_of(
    st.text(alphabet="abc_ <>=!()$&|;.'\"0123456789andornt", min_size=1, max_size=60),
    st.sampled_from(["__import__('os')", "a.b()", "[x for x in y]", "a >= ", "(a", "not", "a and", "1 >= a"]),
)


@given(broken_expression)
def test_broken_or_odd_element_expressions(repo: Path, text: str) -> None:
    content = ORIGINAL_LAW.replace("when: filmed_covertly,", "when: " + _yaml_str(text) + ",", 1)
    code, lines = run(repo, LAW, content.encode("utf-8"))
    try:
        node = expr.parse(text)
    except expr.ExprError:
        assert_reported(code, lines, LAW)
        return
    # it parsed: then it is either a valid expression over known facts, or reported
    if code == 1:
        assert all(FINDING.match(line) for line in lines if not line.startswith("ibsa check:"))
    assert isinstance(node, expr.Compare | expr.All | expr.Any_ | expr.Not)


def _yaml_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@given(st.sampled_from(["id: CN-DEMO-1", "id: CN-DEMO-2", "id: CN-DEMO-3"]))
def test_duplicate_ids(repo: Path, target: str) -> None:
    content = ORIGINAL_LAW.replace("id: CN-DEMO-9", target, 1)
    code, lines = run(repo, LAW, content.encode("utf-8"))
    assert_reported(code, lines, LAW)
    assert any("[duplicate-id]" in line for line in lines)


# ---------------------------------------------------------------- evaluation is total

fact_values = st.dictionaries(st.sampled_from(["a", "b", "n", "d"]),
                              st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.none(), st.dates()))
leaf = st.builds(lambda f, op, v: f"{f} {op} {v}", st.sampled_from(["a", "b", "n", "d"]),
                 st.sampled_from(list(expr.OPS)), st.sampled_from(["1", "true", "false", "2025-01-01", "$t", "x"]))
tree = st.recursive(leaf | st.sampled_from(["a", "b"]),
                    lambda kids: st.one_of(st.lists(kids, min_size=1, max_size=4).map(lambda xs: {"all": xs}),
                                           st.lists(kids, min_size=1, max_size=4).map(lambda xs: {"any": xs}),
                                           kids.map(lambda x: {"not": x})), max_leaves=20)


@given(tree, fact_values, st.integers())
def test_evaluation_never_raises(source: object, facts: dict, threshold: int) -> None:
    outcome = expr.evaluate(expr.parse(source), facts, {"t": threshold})
    assert isinstance(outcome.holds, bool) and outcome.because


@given(st.dates(), st.integers(1, 3650))
def test_due_dates_are_after_the_start(start: object, days: int) -> None:
    from ibsa.model import Deadline
    for unit in ("days", "working_days", "months"):
        try:
            due = analysis.due_date(start, Deadline(days=days, unit=unit, from_event="x"))
        except OverflowError:
            continue
        assert due > start


def test_loader_reports_every_file(tmp_path: Path) -> None:
    """Many broken files at once: each one is named in the findings."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    bad = {f"exercises/broken-{i}.yaml": content for i, content in enumerate(["", "[", "id: 5", "x: y\n", "\xff"])}
    for rel, content in bad.items():
        (root / rel).write_text(content, encoding="latin-1")
    found = {f.path for f in loaders.load(root).findings}
    assert set(bad) <= found


@given(tree, fact_values, st.integers())
def test_index_never_excludes_a_provision_that_holds(source: object, facts: dict, threshold: int) -> None:
    """If an expression holds, one of the facts the index files it under is truthy: skipping is sound."""
    node = expr.parse(source)
    found = analysis.triggers(node, {"t": threshold})
    if expr.evaluate(node, facts, {"t": threshold}).holds and found is not None:
        assert any(analysis.truthy(facts.get(name)) for name in found)


# ---------------------------------------------------------------- hostile text is scanned in linear time

LESSON = "curriculum/01-demo/01-lesson.md"
ORIGINAL_LESSON = (MINI / LESSON).read_text(encoding="utf-8")
HOSTILE_PIECES = ["t.me", ".", "-", "t", "me", "&#46;", "&amp;", "%2E", "%25", "\\", "\\x2e", "\\u002e", "<", ">",
                  "<!--", "<script>", "revenge", "porn", " ", "\u00a0", "\u00ad", "\u200b", "\u3002", "{quoted}`", "`",
                  "![x](", "data:", ")", "```{raw} html\n", "```\n", "{download}`", "\n", "a" * 40, "telegram",
                  "\u0301", "![", "\n\n"]
hostile = st.one_of(
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=400).map("".join),
    st.builds(lambda piece, n: piece * n, st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=6)
              .map("".join), st.integers(1, 20_000)),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=2000),
)


@given(hostile)
def test_hostile_text_is_checked_in_linear_time(repo: Path, text: str) -> None:
    """Whatever is appended to a lesson (up to a few hundred KB), `ibsa check` answers within a time bound far below
    what a quadratic scan needs on such input (over a minute for 120 KB of `t.me.-` before issue 16)."""
    start = time.monotonic()
    _, lines = run(repo, LESSON, (ORIGINAL_LESSON + "\n" + text + "\n").encode("utf-8"))
    assert time.monotonic() - start < 15, len(text)
    findings = [line for line in lines if not line.startswith("ibsa check:")]
    assert all(FINDING.match(line) for line in findings), lines[:5]


@given(hostile)
def test_safety_scan_of_hostile_text_is_linear(text: str) -> None:
    """The scan itself, with a tighter bound: normalising and scanning 200 KB takes a small fraction of a second."""
    from ibsa import safety

    policy = loaders.load(MINI, parts=("policy",)).policy
    assert policy is not None
    start = time.monotonic()
    list(safety.scan_text("x.md", text, policy))
    list(safety.check_markup("x.md", text, MINI, set()))
    assert time.monotonic() - start < 3, len(text)


def _depth(text: str) -> int:
    """How deep the parser's events nest collections."""
    import yaml

    depth = deepest = 0
    for event in yaml.parse(text, Loader=yamlsrc.Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return deepest


nested = st.recursive(st.sampled_from(["a", "b c", "[x]", "{y}", "- z", "1"]),
                      lambda inner: st.lists(inner, min_size=1, max_size=3)
                      | st.dictionaries(st.sampled_from(["k", "key", "- k", "[k]"]), inner, min_size=1, max_size=3),
                      max_leaves=60)


@given(nested, st.sampled_from([None, True, False]), st.integers(2, 6), st.booleans())
def test_a_text_shown_shallow_without_parsing_is_shallow(data: object, flow: bool | None, indent: int,
                                                         wide: bool) -> None:
    """yamlsrc lets the parser compose, without the event screen, only texts its bound shows to nest no deeper
    than MAX_DEPTH: whatever the styles (block, flow, compact lists), the parser never finds them deeper."""
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, indent=indent, width=10**6 if wide else 20)
    if yamlsrc._shallow(text):
        assert _depth(text) <= yamlsrc.MAX_DEPTH
    deep = yaml.safe_dump(functools.reduce(lambda inner, _: [inner], range(yamlsrc.MAX_DEPTH + 1), data),
                          default_flow_style=flow, indent=indent)
    assert not yamlsrc._shallow(deep)  # more than MAX_DEPTH levels: never let through


def test_two_levels_a_column_are_not_shown_shallow() -> None:
    """The tightest block nesting: a list item's mapping one column right of its '-', and a list at its mapping's
    column (not a style yaml.dump writes, so the test above cannot reach it)."""
    lines = [" " * (j // 2) + "-" if j % 2 == 0 else " " * ((j + 1) // 2) + "k:" for j in range(yamlsrc.MAX_DEPTH + 1)]
    text = "\n".join(lines) + "\n" + " " * 22 + "x\n"
    assert _depth(text) == yamlsrc.MAX_DEPTH + 1
    assert not yamlsrc._shallow(text)
    assert yamlsrc.compose(text)[0] == (40, f"nested more than {yamlsrc.MAX_DEPTH} levels deep; expected the shape "
                                            "the format describes")


scalars = st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none(), st.dates(),
                    st.floats(allow_nan=False))
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                         | st.dictionaries(st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.dates()),
                                           inner, max_size=3), max_leaves=30)
unusual = st.sampled_from(["a: !!set {x, y}\n", "a: !!omap [{x: 1}]\n", "? [a, b]\n: c\n", "<<: {a: 1}\nb: 2\n",
                           "a: {<<: {x: 1}, y: 2}\n", "=: 1\n", "a: !!binary aGk=\n", "a: !!python/name:os.system\n",
                           "a: 2025-02-30\n", "a: 1\na: 2\n", "a: {b: 1, b: 2}\n", "- !!str 12\n- !!int '7'\n"])


def _both(text: str) -> tuple[object, object]:
    """(what yamlsrc.construct makes, what PyYAML's constructor makes), or the type of what each raised."""
    out = []
    for make in (yamlsrc.construct, lambda loader, node: loader.construct_document(node)):
        loader = yamlsrc.Loader(text)
        try:
            node = loader.get_single_node()
            out.append(make(loader, node) if node is not None else None)
        except Exception as exc:  # compared below, not hidden
            out.append(type(exc))
        finally:
            loader.dispose()
    return out[0], out[1]


@given(st.one_of(documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True)), unusual))
def test_the_quick_constructor_makes_what_pyyaml_makes(text: str) -> None:
    """The same data, or the same kind of error, from any document yaml.dump writes and from the unusual ones."""
    quick, full = _both(text)
    assert quick == full


def test_the_quick_constructor_on_every_repository_file() -> None:
    for path in sorted(MINI.parent.parent.parent.glob("**/*.yaml")):
        if ".venv" not in path.parts and "_build" not in path.parts:
            quick, full = _both(path.read_text(encoding="utf-8"))
            assert quick == full, path
