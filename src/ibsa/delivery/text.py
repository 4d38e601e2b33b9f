"""Data strings as readers see them, outside Sphinx: roles worded from the catalogue, MyST rendered as HTML.

The site renders {prov}`ID`, {penalty}`ID` and the other roles through ibsa.sphinxext.roles; an artefact built
without Sphinx (a question bank) words them here with the same functions of ibsa.describe, as plain text: a
provision by its citation ('Criminal Law Art. 246', '《中华人民共和国刑法》第二百四十六条'), never by its id. The
language is describe's (call `describe.set_language` first).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ibsa import describe
from ibsa.loaders import Corpus
from ibsa.model import Provision
from ibsa.references import EXPLICIT, ROLE

# a MyST admonition fence (:::{note} ... :::) becomes a block quote; other directives do not occur in data strings
_FENCE = re.compile(r"^:{3,}\{[a-z-]+\}[^\n]*\n(?P<body>.*?)\n:{3,}[ \t]*$", re.M | re.S)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|{}!])")


def minutes(total: int) -> str:
    """'45 minutes', '1 hour 30 minutes' ('45分钟', '1小时30分钟'), as the {duration} role words them."""
    hours, rest = divmod(total, 60)
    if describe.language() == "zh_CN":
        return (f"{hours}小时" if hours else "") + (f"{rest}分钟" if rest else "")
    parts = ([f"{hours} hour{'s' if hours > 1 else ''}"] if hours else []) + ([f"{rest} minutes"] if rest else [])
    return " ".join(parts)


def provision_title(corpus: Corpus, prov: Provision) -> str:
    """The provision's title in the language set: the Chinese official title where there is one."""
    return (prov.title.zh or prov.title.en) if describe.language() == "zh_CN" else prov.title.en


def provision_label(corpus: Corpus, prov: Provision, period: bool = False) -> str:
    """'Criminal Law Art. 246: Insult and defamation', as the provision pages are titled; with `period`, the
    time it is in force, which tells two versions of one article apart."""
    zh = describe.language() == "zh_CN"
    label = f"{describe.citation(prov, corpus.instruments.get(prov.instrument))}{'：' if zh else ': '}" \
        f"{provision_title(corpus, prov)}"
    if period:
        label += f"（{describe.period(prov.in_force)}）" if zh else f" ({describe.period(prov.in_force)})"
    return label


def role_text(corpus: Corpus, role: str, arg: str) -> str:
    """One role as plain text; a role naming nothing that exists keeps its visible words, never its markup."""
    m = EXPLICIT.match(arg)
    target = arg.strip()
    if role == "prov":
        pid = (m["target"] if m else target).strip()
        prov = corpus.provisions.get(pid)
        if m:
            return m["text"]
        return describe.citation(prov, corpus.instruments.get(prov.instrument)) if prov else ""
    if role in ("article", "penalty", "penalties", "in-force", "deadline", "period", "threshold"):
        pid, _sep, name = target.partition(":")
        prov = corpus.provisions.get(pid)
        if prov is None:
            return ""
        if role == "article":
            return describe.article(prov)
        if role == "penalty":
            return describe.maximum(prov.penalty)
        if role == "penalties":
            return describe.tiers(prov.penalty)
        if role == "in-force":
            return describe.period(prov.in_force)
        if role == "threshold":
            values = {t.id: t.value for t in prov.thresholds}
            return f"{values[name]:,}" if name in values else ""
        if prov.deadline is None:
            return ""
        return describe.time_limit(prov.deadline, corpus.events) if role == "deadline" else \
            describe.deadline(prov.deadline)
    if role == "scenario":
        scenario = corpus.scenarios.get(target)
        return scenario.title if scenario else ""
    if role == "duration":
        scenario = corpus.scenarios.get(target)
        return minutes(scenario.duration) if scenario else ""
    if role == "lessons-duration":
        return minutes(sum(corpus.lessons[x].duration for x in target.split() if x in corpus.lessons))
    if role == "quoted":
        return f"\u201c{arg}\u201d"
    if role == "lang":
        return arg.partition(":")[2]
    if role == "doc":  # a page of the site: its words, the lesson's title, or the page's own name
        if m:
            return m["text"]
        name = target.strip("/")
        last = name.rsplit("/", 1)[-1]
        lesson = next((x for x in corpus.lessons.values() if x.docname == name), None) or next(
            (x for x in corpus.lessons.values() if x.docname.endswith("/" + last)), None)
        return f"“{lesson.title}”" if lesson else name.rsplit("/", 1)[-1].split("-", 1)[-1].replace("-", " ")
    return m["text"] if m else arg  # {term}, {abbr} and other standard roles: their text


def plain(corpus: Corpus, text: str) -> str:
    """`text` with every role replaced by its words (for names, titles and plain-text fields)."""
    return ROLE.sub(lambda m: role_text(corpus, m["role"], m["arg"]), text)


_MD = MarkdownIt("commonmark", {"html": False}).enable("table")


def html(corpus: Corpus, text: str) -> str:
    """A MyST data string (a narrative, an answer) as HTML: roles worded, admonitions as block quotes, raw HTML
    in the source escaped."""
    text = _FENCE.sub(lambda m: "\n".join(f"> {line}" if line else ">" for line in m["body"].splitlines()), text)
    text = ROLE.sub(lambda m: _MD_SPECIAL.sub(r"\\\1", role_text(corpus, m["role"], m["arg"])), text)
    return _MD.render(text).strip()
