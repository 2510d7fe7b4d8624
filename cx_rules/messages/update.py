"""Keep every catalogue's ``.po`` files in step with its messages (as ``pybabel update``).

:func:`update` (what ``cx-rules messages --update`` runs for every registered catalogue and
every language but English) adds the msgids the code declares and the file lacks
(untranslated) and drops the ones the code no longer declares, keeping every translation it
has. Translators then fill in the empty ``msgstr``;
``tests/test_messages.py`` fails while one is empty.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from cx_rules.messages import Catalogue


def update(catalogue: Catalogue, language: str) -> tuple[Path, int]:
    """Bring ``catalogue``'s ``language`` file up to date; (its path, untranslated count)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = Path(str(resources.files(catalogue.package).joinpath(catalogue.directory,
                                                              f"{language}.po")))
    old = Catalog(locale=language)
    if path.is_file():
        with path.open("rb") as handle:
            old = read_po(handle, locale=language)
    new = Catalog(locale=language, project="cx-rules", charset="utf-8", fuzzy=False,
                  creation_date=old.creation_date, revision_date=old.revision_date,
                  header_comment=f"# {language} messages of {catalogue.package}.")
    for msgid in sorted(catalogue.msgids):
        prior = old.get(msgid)
        flags = ["python-brace-format"] if "{" in msgid else []
        new.add(msgid, prior.string if prior is not None else "", flags=flags)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, new, width=100, omit_header=False, no_location=True)
    missing = sum(1 for m in new if m.id and not m.string)
    return path, missing
