"""The beslutsunderlag as Markdown, rendered from the content model by prompts/underlag/document.md.j2."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.underlag.document import Beslutsunderlag
from prompts.render import render


def to_markdown(d: Beslutsunderlag, images: Mapping[str, str] | None = None) -> str:
    """Markdown of `d`; `images` maps a question id to an image file name to link (problem tree, effect logic)."""
    text = render("underlag/document.md.j2", d=d, L=d.labels, images=dict(images or {}))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
