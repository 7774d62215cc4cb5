"""Pure Block Kit builders. User text is escaped (so `<!channel>` never pings) and clipped to Slack's limits."""

from __future__ import annotations

import json
from typing import Any

from bot.slack import constants as c
from bot.slack.texts import st

Block = dict[str, Any]
ELLIPSIS = " …"


def escape(text: str) -> str:
    """Slack's mrkdwn escaping: &, <, > — the only three characters Slack asks us to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to `limit` characters on a word boundary (with an ellipsis), and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut[-80:]:
        cut = cut.rsplit(" ", 1)[0]
    # Never end inside an escape sequence such as "&amp;".
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ELLIPSIS, True


def plain(text: str, limit: int = c.MAX_BUTTON_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text, limit)[0] or " ", "emoji": True}


def section(mrkdwn: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(mrkdwn, c.MAX_SECTION_TEXT)[0]}}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(mrkdwn, c.MAX_CONTEXT_TEXT)[0]}]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, c.MAX_HEADER_TEXT)}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: dict[str, Any] | str | None = None, style: str | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id}
    if value is not None:
        element["value"] = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    if style:
        element["style"] = style
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def user_text(text: str, limit: int = c.MAX_SECTION_TEXT - 200) -> tuple[str, bool]:
    """Escaped, clipped user text for a section, and whether it was shortened."""
    return clip(escape(text), limit)


def bullet_lines(lines: list[str], limit: int = c.MAX_SECTION_TEXT, more: str | None = None) -> str:
    """Bulleted escaped lines within `limit` characters; the rest is summarised as `more`."""
    out: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        item = f"• {escape(line)}"
        if used + len(item) + 60 > limit:
            out.append(more.format(k=len(lines) - index) if more else "…")
            break
        out.append(item)
        used += len(item) + 1
    return "\n".join(out)


def fit_message(blocks: list[Block], lang: str = "sv") -> list[Block]:
    """At most 50 blocks: keep the first 49 and say how many were left out."""
    if len(blocks) <= c.MAX_MESSAGE_BLOCKS:
        return blocks
    kept = blocks[: c.MAX_MESSAGE_BLOCKS - 1]
    return kept + [context(st("blocks_hidden", lang, k=len(blocks) - len(kept)))]


def chunks(text: str, size: int = c.MAX_SECTION_TEXT - 100) -> list[str]:
    """Split long escaped text into section-sized pieces, preferring line breaks."""
    pieces: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > size // 2 else size
        amp = text.rfind("&", cut - 6, cut)
        if amp != -1 and ";" not in text[amp:cut]:
            cut = amp
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return pieces + ([text] if text else [])


def help_blocks(lang: str = "sv") -> list[Block]:
    return [section(st("help", lang))]
