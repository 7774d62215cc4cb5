"""`coach doctor`: is this installation ready to serve? Settings, Slack tokens, database and migrations,
the guidance index and Chroma server, PDF fonts — each ✓ or ✗ with what to fix (docs/DEPLOY.md)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from bot.doctor.checks import Check, carlito, database_checks, guidance_checks, pdf_checks, slack_checks
from bot.doctor.texts import dt
from bot.settings import Settings


def run_checks(http: bool, settings_factory: Callable[[], Settings] = Settings,
               find_font: Callable[[], str | None] = carlito) -> tuple[str, list[Check]]:
    """(language, every check in order). Settings that cannot be read stop the rest (nothing to check with)."""
    try:
        settings = settings_factory()
    except ValidationError as error:
        problem = "; ".join(f"{'.'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in error.errors())
        return "sv", [Check("settings", False, dt("settings_bad", "sv", problem=problem), dt("settings_fix", "sv"))]
    lang = settings.coach_language
    db = settings.resolved_database_url.split("://")[0]
    checks = [Check("settings", True, dt("settings_ok", lang, language=lang, db=db))]
    checks += slack_checks(settings, lang, http)
    checks += database_checks(settings, lang)
    checks += guidance_checks(settings, lang)
    checks += pdf_checks(lang, find_font)
    return lang, checks


def report(lang: str, checks: list[Check]) -> list[str]:
    lines = [dt("title", lang), ""]
    for check in checks:
        lines.append(f"{'✓' if check.ok else '✗'} {dt(check.key, lang)}: {check.found}")
        if not check.ok and check.fix:
            lines.append(f"    {dt('fix', lang)}: {check.fix}")
    failed = sum(not c.ok for c in checks)
    lines += ["", dt("all_ok", lang) if not failed else dt("some_failed", lang, n=failed, total=len(checks))]
    return lines
