"""Every surface in both languages – empty, with the Skogås example and with large values – is valid as
Slack checks it (bot/slack/validate.py, the same rules the fake Slack enforces)."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.slack.validate import message_problems, view_problems
from tests.slack.surfaces import FLOW, surfaces


def problems_of(kind: str, payload) -> list[str]:
    if kind == "message":
        text, blocks = payload
        return message_problems(text, blocks)
    return view_problems(payload)


@pytest.mark.parametrize("values", ["skogas", "large"])
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_surface_is_valid(lang: str, values: str) -> None:
    built = list(surfaces(lang, values))
    kinds = Counter(name.split(" ")[0] for name, _, _ in built)
    assert kinds["modal"] == 2 * len(FLOW.questions()) and kinds["question"] == 3 * len(FLOW.questions())
    assert {"home", "decide", "abcde", "status", "summary", "underlag", "passages"} <= set(kinds)
    refused = {name: problems for name, kind, payload in built if (problems := problems_of(kind, payload))}
    assert not refused, "\n".join(f"{name}: {p[:3]}" for name, p in list(refused.items())[:20])
