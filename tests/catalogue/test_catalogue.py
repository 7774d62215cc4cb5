"""The one text catalogue (coachtext/): complete in both languages, every key the code asks for exists, and
no UI text outside it (tests/catalogue/scan.py finds prose-like literals; its rules say what is not UI text,
and nothing is exempt by name). The templates in prompts/ hold structure only: their words are keys. The
command line's help in both languages: tests/bot/test_cli_language.py."""

from __future__ import annotations

import json
import string
from collections import defaultdict

from babel.messages.pofile import read_po

import coachtext
from tests.catalogue.scan import (
    ROOT,
    lookups,
    prose_literals,
    template_keys,
    template_language_branches,
    template_prose,
    typst_prose,
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _raw(lang: str) -> dict[str, str]:
    """Every entry of the PO file, empty translations included (coachtext.messages drops those)."""
    with coachtext.po_path(lang).open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale=lang) if m.id}


def test_every_key_is_in_both_languages_with_text_and_the_same_placeholders() -> None:
    sv, en = _raw("sv"), _raw("en")
    assert len(sv) > 700
    assert set(sv) == set(en), sorted(set(sv) ^ set(en))
    empty = [(lang, key) for lang, table in (("sv", sv), ("en", en)) for key, text in table.items() if not text.strip()]
    assert not empty
    differ = [key for key in sv if placeholders(sv[key]) != placeholders(en[key])]
    assert not differ, differ


def test_the_compiled_files_are_the_po_files() -> None:
    """The app reads the MO files: after editing a PO file by hand, `python scripts/port_texts.py --compile`."""
    for lang in coachtext.LANGUAGES:
        assert coachtext.messages(lang) == {k: v for k, v in _raw(lang).items() if v}, lang


def test_every_text_formats_with_its_own_placeholders() -> None:
    for lang in coachtext.LANGUAGES:
        for key, text in coachtext.messages(lang).items():
            names = placeholders(text)
            positional = [name for name in names if name == "" or name.isdigit()]
            filled = text.format(*["x"] * len(positional), **{n: "x" for n in names if n not in positional})
            assert not any("{" + n + "}" in filled for n in names if n not in positional), (lang, key)


def test_lookups_fall_back_to_swedish_and_fill_placeholders() -> None:
    assert coachtext.t("ui.saved", "en", version=3) == "Saved (version 3)."
    assert coachtext.t("ui.saved", "fi", version=3) == coachtext.t("ui.saved", "sv", version=3) == "Sparat (version 3)."
    assert coachtext.text("ui.no_process", "en").endswith("«coach chat --process NAME».")  # unfilled: as written
    assert coachtext.table("abcde.cadence.", "en")["weekly"] == "every week"


def test_every_key_the_code_looks_up_exists() -> None:
    found = list(lookups())
    assert len(found) > 400  # the scan sees the lookups (i18n.t, st, texts.s, dt, label, coachtext.t …)
    keys = coachtext.messages("sv")
    missing = [(x.where, x.key) for x in found
               if not (any(k.startswith(x.key) for k in keys) if x.is_prefix else x.key in keys)]
    assert not missing, missing


def test_no_ui_text_outside_the_catalogue() -> None:
    """A prose-like literal in bot/ or flows/ is UI text that belongs in the catalogue, unless one of scan.py's
    rules says why it is not (a docstring, a log line, a word people type, SQL …). No file or text is exempt."""
    found: dict[str, list[str]] = defaultdict(list)
    for where, text in prose_literals():
        found[where.split(":")[0]].append(text)
    assert not found, ("UI text outside the catalogue (move it to coachtext/locale/*/coach.po: docs/ARCHITECTURE.md):\n"
                       + json.dumps(found, ensure_ascii=False, indent=1))
    assert (ROOT / "coachtext" / "locale").is_dir()


def test_every_key_a_template_names_is_in_both_languages() -> None:
    found = list(template_keys())
    assert len(found) > 90  # the scan sees the `_()` calls and the gate constants' text fields
    sv, en = coachtext.messages("sv"), coachtext.messages("en")
    missing = [(where, key, lang) for where, key in found for lang, table in (("sv", sv), ("en", en))
               if key not in table]
    assert not missing, missing


def test_no_ui_text_in_the_templates() -> None:
    """A template's words are the catalogue's: `_("key")` in a template rendered for a language
    (prompts/render.render(lang=…)), a key in a gate constant's text field (heading, intro, title, att).
    Prose anywhere else in a template (its text, a literal, a text field holding words) fails."""
    found = list(template_prose())
    assert not found, ("UI text in a template (move it to coachtext/locale/*/coach.po and name its key):\n"
                       + "\n".join(f"{where}: {text!r}" for where, text in found))


def test_no_template_chooses_words_by_language() -> None:
    """No `lang == "en"`, no `sv = …`, no heading/heading_en pairs: the catalogue chooses the language."""
    found = list(template_language_branches())
    assert not found, found


def test_the_typst_layout_prints_only_data() -> None:
    """prompts/underlag/document.typ prints the labels and texts of its JSON (bot/underlag/pdf_data.py),
    never words of its own."""
    found = list(typst_prose())
    assert not found, found
