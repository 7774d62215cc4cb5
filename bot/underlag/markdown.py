"""The underlag as Markdown, rendered by the gate's Jinja template in prompts/underlag/."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.underlag.labels import labels
from bot.underlag.model import Underlag
from bot.underlag.views import views_for
from prompts.render import render


def to_markdown(u: Underlag, images: Mapping[str, str] | None = None) -> str:
    """Markdown of `u`; `images` maps a question id to an image file name to link (problem tree, effect logic)."""
    text = render(u.template, u=u, L=labels(u.lang), v=views_for(u.lang), images=dict(images or {}))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
