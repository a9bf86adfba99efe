"""The translator's workflow: find journeymap's messages, update the catalogs, compile them.

    scripts/i18n extract     write journeymap/locale/journeymap.pot from the code and templates
    scripts/i18n update      merge the template into every catalog (new messages come empty)
    scripts/i18n compile     compile every catalog to .mo (the build and ./run-tests do this)

A language is added with ``scripts/i18n init LANG`` (a new catalog from the template),
then translated with any .po editor (Poedit, Lokalize, Weblate, a text editor).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: How the code marks its messages: the message is the 2nd argument of ``text(lang, …)``,
#: the 2nd and 3rd of ``plural(lang, one, other, n)``, the 1st of a rule's ``ctx.tr(…)`` and
#: of ``say(…)`` (the environment's language).  The rules' docstrings are messages too.
KEYWORDS: dict[str, Any] = {
    "text": (2,),
    "plural": (2, 3),
    "in_context": ((2, "c"), 3),
    "tr": None,
    "say": None,
    "help_text": None,
    "tr_plural": (1, 2),
    "say_plural": (1, 2),
    "N_": None,
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
}
DOMAIN = "journeymap"


def _sources(root: Path) -> Iterator[tuple[Path, str, dict[str, str]]]:
    for path in sorted((root / "journeymap").rglob("*.py")):
        yield path, "python", {}
    for path in sorted((root / "templates").glob("*.j2")):
        yield path, "jinja2.ext:babel_extract", {"extensions": "jinja2.ext.i18n"}


def _messages(root: Path) -> Iterator[tuple[Path, int, Any, str | None]]:
    from babel.messages.extract import extract_from_file

    for path, method, options in _sources(root):
        for line, message, _comments, context in extract_from_file(
            method, str(path), keywords=KEYWORDS, options=options
        ):
            yield path, line, message, context
    yield from _rule_documentation(root)


def _rule_documentation(root: Path) -> Iterator[tuple[Path, int, Any, str | None]]:
    """The rules' docstrings: their summary lines and paragraphs (``check --explain``)."""
    import inspect

    from journeymap.checks.docs import messages

    for rule, message in messages():
        path = Path(inspect.getfile(rule.function)).resolve()
        yield path, inspect.getsourcelines(rule.function)[1], message, None


def extract(root: Path) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Every message: (context, id) → the id and, for a plural, its plural id."""
    found: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for _path, _line, message, context in _messages(root):
        ids = message if isinstance(message, tuple) else (message,)
        found[(context, ids[0])] = tuple(ids)
    return found


def template(root: Path) -> Any:
    from babel.messages.catalog import Catalog

    catalog = Catalog(domain=DOMAIN, project="journeymap", fuzzy=False)
    for path, line, message, context in _messages(root):
        flags = (
            ("python-format",)
            if "%(" in "".join(message if isinstance(message, tuple) else (message,))
            else ()
        )
        catalog.add(
            message, None, [(str(path.relative_to(root)), line)], context=context, flags=flags
        )
    return catalog


def _locale_dir(root: Path) -> Path:
    return root / "journeymap" / "locale"


def write_template(root: Path) -> Path:
    from babel.messages.pofile import write_po

    target = _locale_dir(root) / f"{DOMAIN}.pot"
    with target.open("wb") as stream:
        write_po(
            stream,
            template(root),
            width=100,
            omit_header=True,
            sort_output=True,
            include_lineno=False,
        )
    return target


def catalogs(root: Path) -> list[Path]:
    return sorted(_locale_dir(root).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(root: Path) -> None:
    """Merge the messages into every catalog: new ones come empty, gone ones are dropped."""
    from babel.messages.pofile import read_po, write_po

    messages = template(root)
    for path in catalogs(root):
        with path.open("rb") as stream:
            catalog = read_po(stream)
        catalog.update(messages, no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        with path.open("wb") as stream:
            # File names without line numbers: a catalog changes when a message does.
            write_po(
                stream,
                catalog,
                width=100,
                sort_output=False,
                ignore_obsolete=True,
                include_lineno=False,
            )
        print(f"updated {path}")


def init(root: Path, lang: str) -> None:
    from babel import Locale
    from babel.messages.pofile import write_po

    catalog = template(root)
    catalog.locale = Locale.parse(lang)
    target = _locale_dir(root) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as stream:
        write_po(stream, catalog, width=100, include_lineno=False)
    print(f"created {target}: translate it, then scripts/i18n compile")


def compile_all(root: Path) -> None:
    """Every catalog to its .mo; a message left untranslated or fuzzy stays English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for path in catalogs(root):
        with path.open("rb") as stream:
            catalog = read_po(stream)
        problems = [
            f"{path}: {message.id!r}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        if problems:
            sys.exit("\n".join(problems))
        with path.with_suffix(".mo").open("wb") as stream:
            write_mo(stream, catalog)


def main(argv: list[str]) -> None:
    root = Path(__file__).resolve().parent.parent
    command = argv[0] if argv else ""
    if command == "extract":
        print(f"wrote {write_template(root)}")
    elif command == "update":
        update(root)
    elif command == "compile":
        compile_all(root)
    elif command == "init" and len(argv) == 2:
        init(root, argv[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
