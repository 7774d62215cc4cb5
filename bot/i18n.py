"""UI strings shared by the terminal and Slack adapters: the `ui.` keys of the one catalogue (coachtext/)."""

from __future__ import annotations

import coachtext

ROLES = ("koordinator", "projektledare", "medlem")  # as stored; their labels are the catalogue's `role.` keys


def role_name(role: str, lang: str = "sv") -> str:
    """A role as stored (Swedish, the guide's word), glossed in English: «koordinator (coordinator)»."""
    return f"{role} ({coachtext.t('role.' + role, 'en')})" if lang == "en" and role in ROLES else role


def t(lang: str, key: str, **kw: object) -> str:
    """`ui.<key>` in `lang` (Swedish when `lang` has no catalogue), placeholders filled from `kw`."""
    return coachtext.t("ui." + key, lang, **kw)
