"""Fixed words of the underlag (headings, column names) in Swedish and English, shared by every format: the
`underlag.label.` keys of the one catalogue (coachtext/)."""

from __future__ import annotations

import coachtext


def label(lang: str, key: str, **kw: object) -> str:
    return coachtext.t("underlag.label." + key, lang, **kw)


def labels(lang: str) -> dict[str, str]:
    """All fixed words for `lang`, for templates (`L.missing`)."""
    return coachtext.table("underlag.label.", lang)

