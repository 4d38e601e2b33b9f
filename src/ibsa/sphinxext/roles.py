"""Inline roles: cite provisions and scenarios, and pull numbers from the catalogue.

{prov}`CN-CL-246`          link to the provision's page, its title on hover
{article}`CN-CL-364`       the article number in the page's language ("Art. 364", "第三百六十四条"), no link:
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

from ibsa import describe, references
from ibsa.loaders import Corpus
from ibsa.model import Deadline, EventType, Provision
from ibsa.sphinxext import refs, state

_ = get_translation("ibsa")  # called at render time, so each build speaks its own language

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)


class _CatalogueRole(SphinxRole):
    """A role that names catalogue data: ibsa.references decides whether the name exists (the checker asks it the
    same question), and `render` runs only for names that do."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        problem = references.role_problem(state.corpus(self.env), self.name, self.text)
        if problem:
            msg = self.inliner.reporter.error(problem, line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return self.render(self.text.strip(), state.corpus(self.env)), []

    def render(self, target: str, corpus: Corpus) -> list[Node]:
        raise NotImplementedError

    def depend_on_provision(self, pid: str) -> Provision:
        corpus = state.corpus(self.env)
        state.note_data(self.env, corpus.root, corpus.provisions[pid].path)
        return corpus.provisions[pid]


class ProvisionRole(_CatalogueRole):
    def render(self, target: str, corpus: Corpus) -> list[Node]:
        m = EXPLICIT.match(target)
        pid = m["target"].strip() if m else target
        self.depend_on_provision(pid)
        label, title = refs.provision_title(self.env, pid)
        refs.note_citation(self.env, pid)
        return [refs.make_ref(state.provision_doc(pid), m["text"] if m else label, title, provision=pid)]


class _WordingRole(_CatalogueRole):
    """Prints one piece of a provision's data, worded by ibsa.describe."""

    def __init__(self, word: Callable[[Provision], str]) -> None:
        super().__init__()
        self.word = word

    def render(self, target: str, corpus: Corpus) -> list[Node]:
        return [nodes.inline(text=self.word(self.depend_on_provision(target)))]


class DeadlineRole(_CatalogueRole):
    """A time limit in words; the default words what it runs from with the event's definition."""

    def __init__(self, word: Callable[[Deadline, Mapping[str, EventType]], str] = describe.time_limit) -> None:
        super().__init__()
        self.word = word

    def render(self, target: str, corpus: Corpus) -> list[Node]:
        limit = self.depend_on_provision(target).deadline
        assert limit is not None  # references.role_problem reports a provision without one
        return [nodes.inline(text=self.word(limit, corpus.events))]


class ThresholdRole(_CatalogueRole):
    def render(self, target: str, corpus: Corpus) -> list[Node]:
        pid, _sep, tid = target.partition(":")
        found = {t.id: t.value for t in self.depend_on_provision(pid).thresholds}
        return [nodes.inline(text=f"{found[tid]:,}")]


class ScenarioRole(_CatalogueRole):
    def render(self, target: str, corpus: Corpus) -> list[Node]:
        scenario = corpus.scenarios[target]
        state.note_data(self.env, corpus.root, scenario.path)  # its title is printed here
        return [refs.make_ref(state.scenario_doc(target), scenario.title,
                              _("Scenario: {title}").format(title=scenario.title))]


class DurationRole(_CatalogueRole):
    """{duration}`scenario-id`: the exercise's time in class, so a lesson never types it by hand."""

    def render(self, target: str, corpus: Corpus) -> list[Node]:
        scenario = corpus.scenarios[target]
        state.note_data(self.env, corpus.root, scenario.path)
        return [nodes.inline(text=describe.minutes(scenario.duration))]


class LessonsDurationRole(_CatalogueRole):
    """{lessons-duration}`id id ...`: the length of a course format, summed from the lessons' durations."""

    def render(self, target: str, corpus: Corpus) -> list[Node]:
        return [nodes.inline(text=describe.minutes(sum(corpus.lessons[lid].duration for lid in target.split())))]


class QuotedRole(SphinxRole):
    """{quoted}`revenge porn`: language quoted on purpose (a lesson about language); the language check
    skips it and the page shows it in quotation marks."""

    def run(self) -> tuple[list[Node], list[system_message]]:
        # an English quotation kept in a Chinese page is marked as English (screen readers, the language check)
        english = describe.language() != "en" and not _CJK.search(self.text)
        return [nodes.inline(text=f"\u201c{self.text}\u201d", classes=["ibsa-quoted", *["language-en"] * english])], []


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
    app.add_role("article", _WordingRole(describe.article))
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
