"""What `coach doctor` says: each check's name, what it found and what to do: the `doctor.` keys of the one
catalogue (coachtext/), Swedish first."""

from __future__ import annotations

import coachtext


def dt(key: str, lang: str, **values: object) -> str:
    """`doctor.<key>` in `lang`, placeholders filled from `values`."""
    return coachtext.t("doctor." + key, lang, **values)
