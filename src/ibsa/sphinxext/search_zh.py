"""Chinese search that works: the desk's terms kept whole, and a search page that runs.

- Sphinx splits Chinese text into words with jieba, whose dictionary cuts terms such as 受案回执 into 受案 + 回执;
  the search box looks a typed word up whole, so such a term found nothing. locales/zh_CN/search-words.txt
  (jieba's user-dictionary format) keeps them whole, beside any `dict` conf.py names.
- Sphinx 9.0's language_data.js for Chinese ends with `window.Stemmer = ChineseStemmer;`, but the stemmer it
  ships is the English one, so the search page stops with "ChineseStemmer is not defined" and never shows a
  result (sphinx-doc/sphinx#14229, fixed upstream by deriving the name from the stemmer file, #14416). The
  Chinese search language is registered again under the name of the stemmer it uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

SEARCH_WORDS = Path("locales") / "zh_CN" / "search-words.txt"


def search_language(words: Path) -> type[SearchLanguage]:
    """Chinese search that loads `words` and names the stemmer it ships. Imported here, not with the module:
    Sphinx's Chinese search imports jieba, which imports pkg_resources, a tenth of a second that an English
    build would spend for nothing."""
    from sphinx.search.zh import SearchChinese, jieba_load_userdict

    class SearchChineseFixed(SearchChinese):
        language_name = "English"  # names the JS stemmer class (EnglishStemmer, from english-stemmer.js)

        def __init__(self, options: dict[str, str]) -> None:
            super().__init__(options)
            # loaded here rather than named in `html_search_options`: an absolute path in the configuration
            # would differ between checkouts and make two builds unequal
            if words.is_file():
                jieba_load_userdict(str(words))

    return SearchChineseFixed


def setup(app: Sphinx) -> dict[str, Any]:
    if (app.config.language or "").startswith("zh"):  # set, with -D overrides, before extensions are set up
        app.add_search_language(search_language(Path(app.confdir) / SEARCH_WORDS))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
