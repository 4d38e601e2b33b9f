"""The Sphinx extension: renders the catalogue, scenarios and lessons in two editions, in each language.

Editions are chosen with `-D ibsa_edition=participant|facilitator`. The
participant edition never receives facilitator material: the directives drop it
while reading, and copied sources are switched off, so it cannot reach pages,
the search index or `_sources/`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from ibsa import __version__, cache, i18n, loaders
from ibsa.sphinxext import (
    courses,
    directives,
    evaluation,
    html,
    latex,
    pages,
    refs,
    resources,
    roles,
    state,
    translation,
    weight,
)

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent


def _config_inited(app: Sphinx, config: Config) -> None:
    if config.ibsa_edition not in state.EDITIONS:
        raise ConfigError(f"ibsa_edition is {config.ibsa_edition!r}; expected one of {', '.join(state.EDITIONS)}")
    if config.ibsa_edition == "participant":
        config.html_copy_source = False
        config.html_show_sourcelink = False
    # facilitator-only styles live in their own folder, so the participant edition never receives them
    static = ["common"] + (["facilitator"] if config.ibsa_edition == "facilitator" else [])
    here = [HERE / "static" / d for d in static] + [html.DESIGN_STATIC]
    config.html_static_path = [*config.html_static_path, *(html.config_path(p, app.confdir) for p in here)]
    config.templates_path = [html.config_path(HERE / "templates", app.confdir), *config.templates_path]


def _builder_inited(app: Sphinx) -> None:
    srcdir = Path(app.srcdir)
    # what the data files parse to is kept beside the doctrees between builds (ibsa.cache): a one-lesson rebuild
    # then reads no catalogue or scenario file it read before, which matters most on a large corpus
    kept = cache.ACTIVE = cache.Cache(srcdir, Path(app.doctreedir) / "ibsa-cache")
    try:
        corpus = loaders.load(srcdir)
    finally:
        cache.ACTIVE = None
    kept.save()
    for f in corpus.findings:  # shape errors; the full checks are `ibsa check`'s job
        # the location as one string: a (path, line) pair is read as a docname and gets ".md" appended
        logger.warning("%s [%s]", f.message, f.code, location=f"{srcdir / f.path}:{f.line}",
                       type="ibsa", subtype=f.code)
    pages.write_stubs(srcdir, corpus)  # in the source language, shared by every language's build
    if app.builder.name == "gettext":
        translation.extract(app, corpus)
    elif not translation.source_language(app):
        corpus = i18n.localise(corpus, i18n.read_catalogs(srcdir, app.config.language))
    state.set_corpus(srcdir, corpus)
    app.add_css_file("ibsa.css")
    app.add_js_file("ibsa-filter.js", loading_method="defer")
    if state.facilitator(app.env):
        app.add_css_file("ibsa-facilitator.css")


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
              removed: set[str]) -> list[str]:
    """Pages to read again although their sources did not change: a provision or scenario page whose data
    changed (it depends on nothing else), and the listings when an id or a title changed."""
    corpus = state.corpus(env)
    inputs, before = pages.page_inputs(corpus), getattr(env, "ibsa_inputs", {})
    env.ibsa_inputs = inputs  # type: ignore[attr-defined]
    stale = [d for d, digest in inputs.items() if d in env.found_docs and before.get(d) != digest]
    return stale + _listings(env, corpus)


def _listings(env: BuildEnvironment, corpus: loaders.Corpus) -> list[str]:
    """Pages that list provisions, scenarios or lessons (indexes, the charge finder, module overviews)
    are read again when the set of those ids changes, so new entries reach their tables of contents."""
    ids = sorted([*corpus.provisions, *(f"scenario:{s}" for s in corpus.scenarios),
                  *(f"lesson:{x}" for x in corpus.lessons), *(f"tool:{t}" for t in corpus.tools),
                  *(f"course:{c}" for c in corpus.courses),
                  *(f"evaluation:{e}" for e in corpus.evaluations)])
    # titles too: the listings print them, so a renamed entry must not keep its old title there (issue 16)
    ids += [repr(x.title) for x in (*corpus.provisions.values(), *corpus.scenarios.values(),
                                    *corpus.lessons.values(), *corpus.modules.values(), *corpus.tools.values(),
                                    *corpus.courses.values(), *corpus.evaluations.values())]
    if getattr(env, "ibsa_ids", None) == ids:
        return []
    env.ibsa_ids = ids  # type: ignore[attr-defined]
    listing = ["catalogue/index", "catalogue/charge-finder", "scenarios/index", "tools/index", "course-plans/index",
               "curriculum/index",
               *(m.docname for m in corpus.modules.values())]
    return [d for d in listing if d in env.found_docs]


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("ibsa.sphinxext.search_zh")  # Chinese search that finds the desk's terms
    app.add_config_value("ibsa_edition", "facilitator", "env", types=[str])
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("env-get-outdated", _outdated)
    app.add_directive("facilitator-note", directives.FacilitatorNote)
    app.add_directive("lesson-overview", directives.LessonOverview)
    app.add_directive("key-points", directives.KeyPoints)
    app.add_directive("module-overview", directives.ModuleOverview)
    app.add_directive("provision-table", directives.ProvisionTable)
    refs.setup(app)
    roles.setup(app)
    pages.setup(app)
    resources.setup(app)
    courses.setup(app)
    evaluation.setup(app)
    html.setup(app)
    latex.setup(app)
    weight.setup(app)
    translation.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 7}  # bump when stored data or generated page structure changes
