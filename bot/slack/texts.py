"""Slack-only UI strings: the `slack.` keys of the one catalogue (coachtext/); shared ones are `ui.` (bot/i18n.py)."""

from __future__ import annotations

import coachtext
from bot.i18n import role_name

__all__ = ["role_name", "st"]  # role_name lives in bot/i18n.py (the terminal needs it too)


def st(key: str, lang: str = "sv", **kw: object) -> str:
    """`slack.<key>` in `lang`, placeholders filled from `kw`."""
    return coachtext.t("slack." + key, lang, **kw)
