"""Fixed words of the underlag (headings, column names) in Swedish and English, shared by every format: the
`underlag.label.` keys of the one catalogue (catalogue/)."""

from __future__ import annotations

import catalogue


def label(lang: str, key: str, **kw: object) -> str:
    return catalogue.t("underlag.label." + key, lang, **kw)


def labels(lang: str) -> dict[str, str]:
    """All fixed words for `lang`, for templates (`L.missing`)."""
    return catalogue.table("underlag.label.", lang)

