"""Hostile input (issue 16): it cannot hang, crash or publish unsafe content; every problem is one
`path:line: message [code]` finding at the line where it is."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ibsa import loaders, safety, yamlsrc
from tests.conftest import MINI, Repo

SC = "exercises/demo-camera.yaml"
LESSON = "curriculum/01-demo/01-lesson.md"


def run_cli(root: Repo, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ibsa.cli", "--root", str(root.root), *args], capture_output=True,
                          text=True, check=False, timeout=timeout, cwd=root.root)


def append_lesson(mini: Repo, text: str) -> int:
    """Append text to the demo lesson; return the line it starts on."""
    path = mini.root / LESSON
    old = path.read_text(encoding="utf-8")
    path.write_text(old + "\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 2


# ---------------------------------------------------------------- YAML


def bomb(levels: int = 8) -> str:
    out = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels + 1):
        prev, name = chr(96 + i), chr(97 + i)
        out += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]\n"
    return out


ALIASES = ("invalid YAML: anchors and aliases (&name, *name) are not allowed in content files; write the value "
           "out in full [yaml]")


@pytest.mark.parametrize("command", [("check",), ("analyse", SC)])
def test_alias_bomb_is_refused_quickly(mini: Repo, command: tuple[str, ...]) -> None:
    (mini.root / SC).write_text("id: demo-camera\n" + bomb(), encoding="utf-8")
    start = time.monotonic()
    result = run_cli(mini, *command)
    assert time.monotonic() - start < 30
    assert result.returncode == 1
    assert f"{SC}:2: {ALIASES}" in result.stderr
    assert "Traceback" not in result.stderr


def test_anchor_in_front_matter_at_its_line(mini: Repo) -> None:
    mini.edit(LESSON, "  tracks: [police]", "  tracks: &t [police]")
    assert f"{LESSON}:{mini.line(LESSON, '&t')}: {ALIASES}" in mini.messages()


@pytest.mark.parametrize("depth", [60, 500, 900])
@pytest.mark.parametrize("command", [("check",), ("analyse", SC)])
def test_deep_nesting_is_a_finding(mini: Repo, depth: int, command: tuple[str, ...]) -> None:
    (mini.root / SC).write_text("id: demo-camera\nfacts:\n  x: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    result = run_cli(mini, *command)
    assert result.returncode == 1
    assert (f"{SC}:3: invalid YAML: nested more than 40 levels deep; expected the shape the format describes [yaml]"
            in result.stderr)
    assert "Traceback" not in result.stderr + result.stdout


def test_binary_values_are_refused(mini: Repo) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: !!binary dC5tZS94")
    line = mini.line(SC, "narrative:")
    assert (f"{SC}:{line}: invalid YAML: !!binary values are not allowed in content files; write the text as plain "
            "UTF-8 [yaml]") in mini.messages()


def test_control_character_is_one_line_at_its_line(mini: Repo) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: A fictional\x01 narrative.")
    line = mini.line(SC, "narrative:")
    result = run_cli(mini, "check")
    assert f"{SC}:{line}: invalid YAML: control character U+0001 is not allowed; remove it [yaml]\n" in result.stderr


def test_impossible_date_at_its_own_line(mini: Repo) -> None:
    mini.edit(SC, "{date: 2025-09-05, event: reconsideration_requested}",
              "{date: 2025-13-45, event: reconsideration_requested}")
    line = mini.line(SC, "2025-13-45")
    assert (f"{SC}:{line}: invalid YAML: '2025-13-45' is not a real date (month must be in 1..12); expected "
            "YYYY-MM-DD [yaml]") in mini.messages()


def test_birth_date_after_the_incident(mini: Repo) -> None:
    mini.edit(SC, "victim_birth_date: 2001-02-03", "victim_birth_date: 9999-12-31")
    line = mini.line(SC, "victim_birth_date")
    assert (f"{SC}:{line}: victim_birth_date 9999-12-31 is after the incident (2025-08-14); expected a birth date "
            "before it [birth-date]") in mini.messages()


# ---------------------------------------------------------------- the link scanner is linear


def test_link_scanner_is_linear_on_a_hostile_line() -> None:
    """120 KB of `t.me.-` took over 60 s (every hit widened back to the start of the line); now well under 2 s."""
    line = "t.me.-" * 20_000
    start = time.monotonic()
    hits = list(safety.HostPattern(["t.me", "telegram.me"]).finditer(line))
    assert time.monotonic() - start < 2
    assert hits  # still found


@pytest.mark.parametrize("text", ["t.me.-" * 20_000, "![" * 30_000, "\n" * 60_000 + "x", "<!--" * 30_000,
                                  "%2E" * 40_000, "&#46;" * 30_000, "\\." * 50_000, "revenge" + " " * 100_000])
def test_every_scan_is_linear_on_pathological_text(text: str) -> None:
    """Each of these took from seconds to over a minute with a scan that restarts a long match at every
    position (blank lines: 65 s for 60,000)."""
    policy = loaders.load(MINI, parts=("policy",)).policy
    assert policy is not None
    start = time.monotonic()
    list(safety.scan_text("x.md", text, policy))
    list(safety.check_markup("x.md", text, MINI, set()))
    assert time.monotonic() - start < 2


def test_check_is_fast_on_a_hostile_lesson(mini: Repo) -> None:
    append_lesson(mini, "t.me.-" * 20_000)
    start = time.monotonic()
    messages = mini.messages()
    assert time.monotonic() - start < 10
    assert any("[blocked-link]" in m for m in messages)


# ---------------------------------------------------------------- raw HTML, includes, downloads

RAW = "is not allowed in content; write it in Markdown (notes for trainers go in a facilitator-note block or the " \
      "scenario's facilitator_notes) [raw-html]"


@pytest.mark.parametrize(("text", "what"), [
    ("<script>alert(1)</script>", "raw HTML (<script…)"),
    ('<img src="x.png" onerror="alert(1)">', "raw HTML (<img…)"),
    ('<iframe src="https://example.org"></iframe>', "raw HTML (<iframe…)"),
    ("<style>body { background: url(https://example.org/x.png) }</style>", "raw HTML (<style…)"),
    ("<!-- answer: CN-DEMO-1 applies -->", "an HTML comment"),
])
def test_raw_html_in_a_lesson(mini: Repo, text: str, what: str) -> None:
    line = append_lesson(mini, "Before " + text)
    assert f"{LESSON}:{line}: {what} {RAW}" in mini.messages()


def test_raw_html_in_a_scenario_narrative(mini: Repo) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: 'A fictional <script>alert(1)</script> story.'")
    line = mini.line(SC, "narrative:")
    assert f"{SC}:{line}: raw HTML (<script…) {RAW}" in mini.messages()


def test_role_targets_and_autolinks_are_not_html(mini: Repo) -> None:
    append_lesson(mini, "See {doc}`the index </scenarios/index>` and <https://example.org/a>; x <id> and a < b.")
    assert not [m for m in mini.messages() if "[raw-html]" in m]


@pytest.mark.parametrize("directive", ["{raw} html", "{include} ../../exercises/demo-camera.yaml",
                                       "{literalinclude} ../../law/xx-demo.yaml"])
def test_raw_and_include_directives(mini: Repo, directive: str) -> None:
    line = append_lesson(mini, f"```{directive}\n<b>x</b>\n```")
    name = directive.split("}")[0][1:]
    assert (f"{LESSON}:{line}: the {{{name}}} directive is not allowed in content (it can publish raw HTML or another "
            "file's text, such as an answer key) [directive]") in mini.messages()


def test_download_of_an_exercise(mini: Repo) -> None:
    line = append_lesson(mini, "Get {download}`the key <../../exercises/demo-camera.yaml>`.")
    assert (f"{LESSON}:{line}: download of '../../exercises/demo-camera.yaml' is not allowed; only files inside "
            "curriculum/ that are not data files (scenarios and law carry answer keys) may be offered [download]"
            ) in mini.messages()


# ---------------------------------------------------------------- images


@pytest.mark.parametrize(("text", "message"), [
    ("![x](data:image/png;base64,iVBORw0KGgo=)", "embedded data: image; only diagrams listed under 'diagrams' in "
                                                 "content-policy.yaml may appear, as files [image]"),
    ("![x](https://example.org/x.png)", "image 'https://example.org/x.png' is not a file in the repository; remote "
                                        "images are not allowed, only diagrams listed under 'diagrams' in "
                                        "content-policy.yaml [image]"),
    ("![x](../../../outside.png)", "image '../../../outside.png' is not a file in the repository; remote images are "
                                   "not allowed, only diagrams listed under 'diagrams' in content-policy.yaml [image]"),
    ("![x](../../resources/x.png)", "image 'resources/x.png' is not a listed diagram; add it under 'diagrams' in "
                                    "content-policy.yaml (with what it shows) or remove it [image]"),
    ("```{image} https://example.org/x.png\n```", "image 'https://example.org/x.png' is not a file in the "
                                                  "repository; remote images are not allowed, only diagrams listed "
                                                  "under 'diagrams' in content-policy.yaml [image]"),
])
def test_images(mini: Repo, text: str, message: str) -> None:
    line = append_lesson(mini, text)
    assert f"{LESSON}:{line}: {message}" in mini.messages()


# ---------------------------------------------------------------- encodings do not hide links or phrases

HOST = "link to {host}: Telegram channel and group links; channels trading intimate images circulate this way."


@pytest.mark.parametrize("text", ["https://t&#46;me/x", "https://t%2Eme/x", "https://t&period;me/x", r"https://t\.me/x",
                                  "https://t\u3002me/x", "https://t\uff0eme/x", "https://t\u00ad.me/x",
                                  "https://t\u200b.me/x", "https://t&amp;#46;me/x"])
def test_encoded_links_in_a_lesson(mini: Repo, text: str) -> None:
    line = append_lesson(mini, f"Join {text} now.")
    assert any(m.startswith(f"{LESSON}:{line}: link to t.me:") and m.endswith("[blocked-link]")
               for m in mini.messages()), text


@pytest.mark.parametrize("value", [r'"https://t\x2eme/x"', r'"https://t\u002eme/x"', r'"https://t\U0000002eme/x"'])
def test_yaml_escapes_do_not_hide_links(mini: Repo, value: str) -> None:
    mini.edit(SC, "narrative: A fictional narrative.", f"narrative: {value}")
    line = mini.line(SC, "narrative:")
    assert any(m.startswith(f"{SC}:{line}: link to t.me:") for m in mini.messages())


@pytest.mark.parametrize("text", ["revenge&nbsp;porn", "re\u00advenge porn", "revenge\u00a0porn", "ｒｅｖｅｎｇｅ porn",
                                  "revenge%20porn"])
def test_encoded_phrases(mini: Repo, text: str) -> None:
    line = append_lesson(mini, f"This is {text} again.")
    assert any(m.startswith(f"{LESSON}:{line}: 'revenge porn':") and m.endswith("[language]")
               for m in mini.messages()), text


def test_normalise_keeps_lines() -> None:
    text = "a&#10;b\nc%0Ad\ne\\x0af\n\u2028g\n"
    assert safety.normalise(text).count("\n") == text.count("\n")


# ---------------------------------------------------------------- every file that reaches the build is checked


def test_root_pages_are_scanned(mini: Repo) -> None:
    (mini.root / "about.md").write_text("# About\n\nJoin https://t.me/x\n", encoding="utf-8")
    mini.edit("index.md", "# Demo", "# Demo\n\n<script>alert(1)</script>")
    messages = mini.messages()
    assert any(m.startswith("about.md:3: link to t.me:") for m in messages)
    assert f"index.md:3: raw HTML (<script…) {RAW}" in messages


@pytest.mark.parametrize("rel", ["facilitator-tips.md", "exercises/notes/answers.md", "law/notes.md"])
def test_markdown_in_unexpected_places(mini: Repo, rel: str) -> None:
    path = mini.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Answers\n\nCN-DEMO-1 applies.\n", encoding="utf-8")
    assert any(m.startswith(f"{rel}:1: Markdown file ") and m.endswith("[stray-page]") for m in mini.messages())


def test_symlinks_fifos_and_dangling_links(mini: Repo, tmp_path: object) -> None:
    outside = mini.root.parent / "outside"
    outside.mkdir()
    (outside / "02-evil.md").write_text("secret text https://t.me/x\n", encoding="utf-8")
    (mini.root / "curriculum" / "02-evil").symlink_to(outside, target_is_directory=True)
    (mini.root / "exercises" / "gone.yaml").symlink_to(mini.root / "nowhere.yaml")
    (outside / "secret.yaml").write_text("id: secret text\n", encoding="utf-8")
    (mini.root / "exercises" / "linked.yaml").symlink_to(outside / "secret.yaml")
    os.mkfifo(mini.root / "exercises" / "pipe.yaml")
    start = time.monotonic()
    result = run_cli(mini, "check", timeout=60)
    assert time.monotonic() - start < 30  # a FIFO is never opened
    err = result.stderr
    link = ("symbolic link in the content; it is neither followed nor checked. Replace it with the file itself "
            "[file-type]")
    assert f"curriculum/02-evil:1: {link}" in err
    assert f"exercises/gone.yaml:1: {link}" in err
    assert f"exercises/linked.yaml:1: {link}" in err
    assert "exercises/pipe.yaml:1: a named pipe in the content; expected regular files only [file-type]" in err
    assert "secret text" not in err and "Traceback" not in err


def test_findings_quoting_text_stay_on_one_line(mini: Repo) -> None:
    line = append_lesson(mini, "{download}`\n\n`` and revenge\nporn")
    messages = [m for m in mini.messages() if m.startswith(f"{LESSON}:")]
    assert f"{LESSON}:{line}: download of '' is not allowed" in "\n".join(messages)
    assert f"{LESSON}:{line + 2}: 'revenge porn':" in "\n".join(messages)
    assert all("\n" not in m for m in messages)


def test_alias_without_an_anchor_is_refused_at_its_line(mini: Repo) -> None:
    """A text with no & or ! is composed without the event screen; an alias in it is still refused in the same
    words, at its line."""
    mini.edit(SC, "narrative: A fictional narrative.", "narrative: *story")
    assert yamlsrc._shallow((mini.root / SC).read_text(encoding="utf-8"))
    assert f"{SC}:{mini.line(SC, '*story')}: {ALIASES}" in mini.messages()


def test_deep_block_lists_are_a_finding(mini: Repo) -> None:
    """Lists in lists, each a line: the 41st level is refused at its line."""
    line = mini.line(SC, "narrative:")
    mini.edit(SC, "narrative: A fictional narrative.", "narrative:\n" + "".join(
        " " * (2 * i) + "- \n" for i in range(45)))
    assert (f"{SC}:{line + 40}: invalid YAML: nested more than 40 levels deep; expected the shape the format "
            "describes [yaml]") in mini.messages()
