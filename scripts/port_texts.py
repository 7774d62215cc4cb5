"""Port UI text from the old per-module tables into the one catalogue (coachtext/locale/*/coach.po).

The old tables (bot/i18n.py STRINGS, bot/slack/texts.py STRINGS, the *_EN dicts …) were converted by this
script once, so that nothing was retyped. It stays for a branch that still adds keys to an old table:
after merging it, port its new keys from that branch's version of the file and delete the table again:

    python scripts/port_texts.py --ref other-branch          # add keys missing from the catalogue
    python scripts/port_texts.py --ref other-branch --dry-run  # only list them
    python scripts/port_texts.py --ref other-branch --update doctor.pdf underlag.label.proposal_decided
                                                    # also take that branch's changed texts for these keys
    python scripts/port_texts.py --add slack.new_key "Svensk text {name}" "English text {name}"
    python scripts/port_texts.py --compile     # after editing a PO file by hand: rebuild the MO files

Keys already in the catalogue are never overwritten; a text that differs is listed so you can decide.
A new string in new code: `--add` (above), or by hand in both PO files (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from coachtext import LANGUAGES, mo_path, po_path  # noqa: E402

Tables = dict[str, dict[str, str]]  # lang → key → text


def _both(sv: dict[str, str], en: dict[str, str]) -> Tables:
    return {"sv": dict(sv), "en": dict(en)}


def _pairs(pairs: dict[str, tuple[str, str]]) -> Tables:
    return {"sv": {k: v[0] for k, v in pairs.items()}, "en": {k: v[1] for k, v in pairs.items()}}


def _prefixed(prefix: str, tables: Tables) -> Tables:
    return {lang: {prefix + k: v for k, v in texts.items()} for lang, texts in tables.items()}


def _merge(*parts: Tables) -> Tables:
    out: Tables = {"sv": {}, "en": {}}
    for part in parts:
        for lang in out:
            out[lang].update(part.get(lang, {}))
    return out


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ROLES_SV = {"koordinator": "koordinator", "projektledare": "projektledare", "medlem": "medlem"}


def _abcde(g: dict) -> Tables:
    questions = {"sv": {}, "en": {}}
    for lang, table in (("sv", g["QUESTIONS"]), ("en", g["QUESTIONS_EN"])):
        for field, (short, question) in table.items():
            questions[lang][f"field.{field}.short"] = short
            questions[lang][f"field.{field}.question"] = question
    return _merge(
        _both(g["S"], g["S_EN"]),
        questions,
        _prefixed("cadence.", _both(g["CADENCE_SV"], g["CADENCE_EN"])),
        _prefixed("weekday.", _both(dict(zip(_DAYS, g["WEEKDAYS_SV"], strict=True)),
                                    dict(zip(_DAYS, g["WEEKDAYS_EN"], strict=True)))),
        _prefixed("target.", _both(g["TARGET_SV"], g["TARGET_EN"])),
        _both({"source": g["SOURCE"]}, {"source": g["SOURCE"]}),  # a citation: the guide's Swedish title
    )


def _slack(g: dict) -> Tables:
    return g["STRINGS"]


def _roles(g: dict) -> Tables:
    return _both(_ROLES_SV, g["ROLE_NAMES"])


def _slack_options(g: dict) -> Tables:
    sv, en = g["LABELS"], g["LABELS_EN"]
    return {"sv": {k: sv.get(k, k) for k in {**sv, **en}}, "en": {k: en.get(k, sv.get(k, k)) for k in {**sv, **en}}}


def _answers(g: dict) -> Tables:
    return _merge(_prefixed("effect_link.", _both(g["EFFECT_LINKS"], g["EFFECT_LINKS_EN"])),
                  _prefixed("smart_part.", _both(g["SMART_PARTS"], g["SMART_PARTS_EN"])))


# (file, namespace, what to take from the module's globals)
SOURCES: list[tuple[str, str, Callable[[dict], Tables]]] = [
    ("bot/i18n.py", "ui.", lambda g: g["STRINGS"]),
    ("bot/slack/texts.py", "slack.", _slack),
    ("bot/slack/texts.py", "role.", _roles),
    ("bot/abcde/texts.py", "abcde.", _abcde),
    ("bot/slack/fields.py", "slack.option.", _slack_options),
    ("bot/doctor/texts.py", "doctor.", lambda g: g["TEXTS"]),
    ("bot/import_texts.py", "import.", lambda g: g["TEXTS"]),
    ("bot/import_texts.py", "import.error.", lambda g: _pairs(g["ERRORS"])),
    ("bot/import_links.py", "import.link.", lambda g: g["_T"]),
    ("bot/underlag/labels.py", "underlag.label.", lambda g: _pairs(g["_LABELS"])),
    ("bot/underlag/diagrams.py", "diagram.", lambda g: g["TEXTS"]),
    ("bot/cli_errors.py", "cli.", lambda g: g["_TEXTS"]),
    ("flows/validation.py", "validation.pydantic.", lambda g: _both(g["_MESSAGES"], g["_MESSAGES_EN"])),
    ("flows/answers.py", "answers.", _answers),
    ("flows/engine.py", "engine.", lambda g: g["_TEXTS"]),
    ("flows/state.py", "status.", lambda g: {lang: {k: v[lang] for k, v in g["STATUS_LABELS"].items()}
                                            for lang in ("sv", "en")}),
]


def _source(path: str, ref: str | None) -> str | None:
    if ref is None:
        file = ROOT / path
        return file.read_text(encoding="utf-8") if file.exists() else None
    shown = subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, capture_output=True, text=True)
    return shown.stdout if shown.returncode == 0 else None


def collected(ref: str | None) -> Tables:
    """Every old table that still exists (in the work tree, or at `ref`), as catalogue keys."""
    out: Tables = {"sv": {}, "en": {}}
    for path, prefix, take in SOURCES:
        code = _source(path, ref)
        if code is None:
            continue
        module = types.ModuleType("ported_" + path.replace("/", "_")[:-3])
        sys.modules[module.__name__] = module  # dataclasses look their module up while the class is made
        exec(compile(code, path, "exec"), module.__dict__)  # noqa: S102  (our own files, to read their tables)
        names = module.__dict__
        try:
            tables = take(names)
        except KeyError:  # the table is gone from this version of the file (already ported)
            continue
        for lang in out:
            out[lang].update({prefix + k: v for k, v in tables.get(lang, {}).items()})
    return out


_NAMES = {"sv": "Swedish (the first language)", "en": "English (complete)"}


def _read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain="coach", project="Processcoach", version="1", fuzzy=False,
                       header_comment=f"# Processcoach UI text, {_NAMES[lang]}. Keys: docs/ARCHITECTURE.md "
                                      "(«Where text lives»).\n# Placeholders are str.format style: {name}.")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain="coach")


def write(catalog: Catalog, lang: str) -> None:
    """The PO file (the source, sorted by key) and the MO file compiled from it (what the app reads)."""
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False, no_location=True, sort_output=True)
    with mo_path(lang).open("wb") as f:
        write_mo(f, catalog)


def compile_all() -> None:
    """Rebuild every MO file from its PO file (after editing a PO file by hand)."""
    for lang in LANGUAGES:
        write(_read(lang), lang)


def port(ref: str | None, dry_run: bool, update: tuple[str, ...] = ()) -> int:
    """Add the keys the old tables (at `ref`) have and the catalogue lacks; with `update`, also take their
    text for the keys that start with one of those prefixes (or equal them)."""
    found = collected(ref)
    missing_twin = set(found["sv"]) ^ set(found["en"])
    for key in sorted(missing_twin):
        print(f"only in one language: {key}", file=sys.stderr)
    added = 0
    for lang in LANGUAGES:
        catalog = _read(lang)
        for key, value in found[lang].items():
            have = catalog.get(key)
            if have is None:
                added += 1
                print(f"add {lang} {key}")
                catalog.add(key, value)
            elif have.string != value and update and key.startswith(update):
                print(f"update {lang} {key}")
                have.string = value
            elif have.string != value:
                print(f"differs, kept the catalogue's: {lang} {key}", file=sys.stderr)
        if not dry_run:
            write(catalog, lang)
    print(f"{added} message(s) {'to add' if dry_run else 'added'}")
    return 1 if missing_twin else 0


def add(key: str, texts: dict[str, str], replace: bool = False) -> None:
    """Put one message into every language's PO file (a new key, or with `replace` a changed text)."""
    for lang in LANGUAGES:
        catalog = _read(lang)
        have = catalog.get(key)
        if have is not None and have.string != texts[lang] and not replace:
            raise SystemExit(f"{key} is already in the {lang} catalogue with another text (use --replace)")
        if have is not None:
            have.string = texts[lang]  # Catalog.add would keep an existing message's text
        else:
            catalog.add(key, texts[lang])
        write(catalog, lang)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="read the old tables at this git revision (default: the work tree)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be added, write nothing")
    parser.add_argument("--add", nargs=3, metavar=("KEY", "SV", "EN"), help="add one message in both languages")
    parser.add_argument("--replace", action="store_true", help="with --add: change an existing message")
    parser.add_argument("--update", nargs="+", metavar="KEY", default=[],
                        help="with --ref: take the old table's text for these keys (or key prefixes) where it differs")
    parser.add_argument("--compile", action="store_true", help="rebuild the MO files from the PO files")
    args = parser.parse_args()
    if args.compile:
        compile_all()
        return 0
    if args.add:
        key, sv, en = args.add
        add(key, {"sv": sv, "en": en}, args.replace)
        return 0
    return port(args.ref, args.dry_run, tuple(args.update))


if __name__ == "__main__":
    sys.exit(main())
