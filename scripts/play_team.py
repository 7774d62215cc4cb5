#!/usr/bin/env python3
"""Play a team of three in Slack and print what a newcomer would read: the real bolt App (HTTP mode, signed
requests) against the fake Slack Web API, SQLite in a temp dir, no guidance index.

Anna (coordinator) starts «Meningsfull fritid i Skogås», adds Bo (medlem) and Cem (projektledare, Slack
locale en-US). They chat in the step thread, answer out of order, edit an answer, Cem writes in English,
they ask for status and help, DM the bot, try bad input (empty, 4,000 characters, emoji, unknown commands,
a non-member, invalid numbers in the indicator form), finish step 1, take the gate (underlag 1, beslut 1)
and reach the step-2 problem tree.

    PYTHONPATH=$PWD python scripts/play_team.py [--json FILE]

Prints, per scene, every bot call (posts, updates in place, ephemerals per user, modals) with its blocks
rendered as text and buttons as [Svara]; then the channel as it finally reads (top level, each thread with
the team's replies), and the numbers: bot messages per stored answer, ack time and time to first feedback.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from play import scenes  # noqa: E402
from play.stage import Stage  # noqa: E402
from play.transcript import channel_view, numbers, scene_log  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write every recorded call and timing to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Stage(Path(tmp)) as stage:
        for scene in scenes.ALL:
            stage.scene(scene.__doc__.strip().splitlines()[0])
            try:
                scene(stage)
            except Exception as error:  # noqa: BLE001  (a stuck scene is a finding, not the end of the play)
                stage.note(f"SCENE FAILED: {type(error).__name__}: {str(error)[:400]}")
        stage.quiet()
        print(scene_log(stage))
        print(channel_view(stage))
        print(numbers(stage))
        if args.json:
            args.json.write_text(json.dumps({"calls": stage.slack.calls, "actions": stage.actions},
                                            ensure_ascii=False, default=str, indent=1), encoding="utf-8")
        if stage.slack.rejected:
            print(f"\nSLACK REFUSED {len(stage.slack.rejected)} call(s): {stage.slack.rejected}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
