"""Inline roles: cite provisions and scenarios, and pull numbers from the catalogue.

{prov}`CN-CL-246`          link to the provision's page, its title on hover
{article}`CN-CL-364`       the provision's article number as the catalogue records it ("Art. 364"), no link:
                           for prose that names the article again after citing it
{penalty}`CN-CL-246`       the maximum penalty, worded from the structured penalty
{penalties}`CN-CL-246`     every tier of the penalty, with its label (to compare two versions)
{threshold}`CN-CL-364:videos`  a threshold number
{in-force}`CN-PSAPL2025-50-6`  the period the provision is in force
{deadline}`CN-MPSCRIM2020-179`  the time limit a procedural provision sets, and what it runs from
{period}`CN-MPSCRIM2020-179`    the length of that time limit alone ("7 days")
{scenario}`cn-hotel-camera-2025`  link to a scenario page
{quoted}`revenge porn`     language quoted on purpose (exempt from the language check)
{duration}`cn-refusal-to-file`  the minutes a scenario takes in class, from its data ("35 minutes")
{lessons-duration}`cn-lodging-receiving cn-lodging-remedies`  the length of a course made of these lessons
{lang}`ko:제14조의2`         text in another language than the page's: <span lang="ko">
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from docutils import nodes
from docutils.nodes import Node, system_message
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxRole

from ibsa import describe
from ibsa.model import Deadline, EventType, Provision
from ibsa.sphinxext import refs, state

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language

EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)


class _CatalogueRole(SphinxRole):
    def lookup_provision(self, pid: str) -> bool:
        corpus = state.corpus(self.env)
        if pid in corpus.provisions:
            self.env.note_dependency(str(corpus.root / corpus.provisions[pid].path))
            return True
        return False

    def fail(self, message: str) -> tuple[list[Node], list[system_message]]:
        msg = self.inliner.reporter.error(message, line=self.lineno)
        return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]


class ProvisionRole(_CatalogueRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        m = EXPLICIT.match(self.text)
        pid = m["target"].strip() if m else self.text.strip()
        if not self.lookup_provision(pid):
            return self.fail(f"unknown provision '{pid}'; expected an id from law/*.yaml")
        label, title = refs.provision_title(self.env, pid)
        refs.note_citation(self.env, pid)
        return [refs.make_ref(state.provision_doc(pid), m["text"] if m else label, title)], []


class _WordingRole(_CatalogueRole):
    """Prints one piece of a provision's data, worded by ibsa.describe."""

    def __init__(self, word: Callable[[Provision], str]) -> None:
        super().__init__()
        self.word = word

    def run(self) -> tuple[list[Node], list[system_message]]:
        pid = self.text.strip()
        if not self.lookup_provision(pid):
            return self.fail(f"unknown provision '{pid}'; expected an id from law/*.yaml")
        return [nodes.inline(text=self.word(state.corpus(self.env).provisions[pid]))], []


class DeadlineRole(_CatalogueRole):
    """A time limit in words; the default words what it runs from with the event's definition."""

    def __init__(self, word: Callable[[Deadline, Mapping[str, EventType]], str] = describe.time_limit) -> None:
        super().__init__()
        self.word = word

    def run(self) -> tuple[list[Node], list[system_message]]:
        pid = self.text.strip()
        if not self.lookup_provision(pid):
            return self.fail(f"unknown provision '{pid}'; expected an id from law/*.yaml")
        limit = state.corpus(self.env).provisions[pid].deadline
        if limit is None:
            return self.fail(f"{pid} sets no time limit; expected a provision with a 'deadline'")
        return [nodes.inline(text=self.word(limit, state.corpus(self.env).events))], []


class ThresholdRole(_CatalogueRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        pid, _sep, tid = self.text.strip().partition(":")
        if not self.lookup_provision(pid):
            return self.fail(f"unknown provision '{pid}'; expected ID:threshold with an id from law/*.yaml")
        found = {t.id: t.value for t in state.corpus(self.env).provisions[pid].thresholds}
        if tid not in found:
            return self.fail(f"{pid} has no threshold '{tid}'; expected one of {', '.join(found) or 'none'}")
        return [nodes.inline(text=f"{found[tid]:,}")], []


class ScenarioRole(_CatalogueRole):
    def run(self) -> tuple[list[Node], list[system_message]]:
        sid = self.text.strip()
        scenario = state.corpus(self.env).scenarios.get(sid)
        if scenario is None:
            return self.fail(f"unknown scenario '{sid}'; expected an id from exercises/*.yaml")
        self.env.note_dependency(str(state.corpus(self.env).root / scenario.path))  # its title is printed here
        return [refs.make_ref(state.scenario_doc(sid), scenario.title,
                              _("Scenario: {title}").format(title=scenario.title))], []


def minutes(total: int) -> str:
    """'45 minutes', '3 hours', '4 hours 15 minutes' ('45分钟', '3小时', '4小时15分钟')."""
    hours, rest = divmod(total, 60)
    if describe.language() == "zh_CN":
        return (f"{hours}小时" if hours else "") + (f"{rest}分钟" if rest else "")
    parts = ([f"{hours} hour{'s' if hours > 1 else ''}"] if hours else []) + ([f"{rest} minutes"] if rest else [])
    return " ".join(parts)


class DurationRole(_CatalogueRole):
    """{duration}`scenario-id`: the exercise's time in class, so a lesson never types it by hand."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        sid = self.text.strip()
        corpus = state.corpus(self.env)
        scenario = corpus.scenarios.get(sid)
        if scenario is None:
            return self.fail(f"unknown scenario '{sid}'; expected an id from exercises/*.yaml")
        self.env.note_dependency(str(corpus.root / scenario.path))
        return [nodes.inline(text=minutes(scenario.duration))], []


class LessonsDurationRole(_CatalogueRole):
    """{lessons-duration}`id id ...`: the length of a course format, summed from the lessons' durations."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        lessons = state.corpus(self.env).lessons
        ids = self.text.split()
        unknown = [lid for lid in ids if lid not in lessons]
        if unknown or not ids:
            return self.fail(f"unknown lesson '{' '.join(unknown)}'; expected lesson ids from the lessons' front "
                             "matter, separated by spaces")
        return [nodes.inline(text=minutes(sum(lessons[lid].duration for lid in ids)))], []


class QuotedRole(SphinxRole):
    """{quoted}`revenge porn`: language quoted on purpose (a lesson about language); the language check
    skips it and the page shows it in quotation marks."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        return [nodes.inline(text=f"\u201c{self.text}\u201d", classes=["ibsa-quoted"])], []


class LangRole(SphinxRole):
    """{lang}`ko:제14조`: text in another language than the page's (an official title in its original language,
    an English title in the Chinese edition), rendered as <span lang="ko"> (docutils writes a `language-` class
    as the lang attribute)."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        code, _sep, text = self.text.partition(":")
        return [nodes.inline(text=text, classes=["ibsa-original", f"language-{code.strip()}"])], []


def setup(app: Sphinx) -> None:
    app.add_role("prov", ProvisionRole())
    app.add_role("penalty", _WordingRole(lambda p: describe.maximum(p.penalty)))
    app.add_role("article", _WordingRole(lambda p: p.article))
    app.add_role("penalties", _WordingRole(lambda p: describe.tiers(p.penalty)))
    app.add_role("in-force", _WordingRole(lambda p: describe.period(p.in_force)))
    app.add_role("threshold", ThresholdRole())
    app.add_role("deadline", DeadlineRole())
    app.add_role("period", DeadlineRole(lambda d, _events: describe.deadline(d)))
    app.add_role("scenario", ScenarioRole())
    app.add_role("quoted", QuotedRole())
    app.add_role("lang", LangRole())
    app.add_role("duration", DurationRole())
    app.add_role("lessons-duration", LessonsDurationRole())
