"""What a newcomer reads: every bot call per scene, the channel as it finally reads, and the numbers."""

from __future__ import annotations

import json
import statistics
from typing import Any

from .stage import NAMES, VISIBLE, Stage

WIDTH = 110


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return obj.get("text", "") if isinstance(obj.get("text"), str) else _text(obj.get("text"))
    return str(obj or "")


def render_blocks(blocks: list[dict] | str | None, indent: str = "    ") -> list[str]:
    """Block Kit as lines: sections and context as text, buttons as [Label], inputs as «Label: ___»."""
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    lines: list[str] = []
    for block in blocks or []:
        kind = block.get("type")
        if kind in ("section", "header"):
            if block.get("text"):
                lines += _text(block["text"]).splitlines() or [""]
            for field in block.get("fields") or []:
                lines.append("  · " + _text(field))
            accessory = block.get("accessory")
            if accessory and accessory.get("type") == "button":
                lines.append(f"  [{_text(accessory['text'])}]")
        elif kind == "context":
            shown = [_text(e) for e in block.get("elements", []) if e.get("type") != "image"]
            lines.append("  (" + " · ".join(shown) + ")")
        elif kind == "actions":
            lines.append("  " + " ".join(f"[{_text(e.get('text'))}]" if e.get("type") == "button"
                                         else f"<{e.get('type')}>" for e in block.get("elements", [])))
        elif kind == "divider":
            lines.append("  ────")
        elif kind == "input":
            element = block.get("element", {})
            shown = element.get("initial_value") or _text((element.get("initial_option") or {}).get("text"))
            hint = f" (hint: {_text(block['hint'])})" if block.get("hint") else ""
            lines.append(f"  «{_text(block.get('label'))}»{' (valfri)' if block.get('optional') else ''}: "
                         f"<{element.get('type')}> {shown[:60]!r}{hint}")
        elif kind == "rich_text":
            lines.append("  " + json.dumps(block, ensure_ascii=False)[:200])
        else:
            lines.append(f"  <{kind}>")
    return [indent + line for line in lines]


def describe(stage: Stage, name: str, args: dict) -> list[str]:
    """One bot call as a newcomer would notice it."""
    thread = args.get("thread_ts")
    where = stage.threads.get(thread, f"tråd {thread}") if thread else args.get("channel", "")
    if str(args.get("channel", "")).startswith("D"):
        where = f"DM till {NAMES.get(args['channel'][1:], args['channel'])}"
    if name == "chat.postEphemeral":
        head = f"EPHEMERAL → {NAMES.get(args.get('user'), args.get('user'))} i {where}"
    elif name == "chat.update":
        head = f"UPPDATERAR meddelande {args.get('ts')} i {where}"
    elif name == "chat.postMessage":
        head = f"POST {(args.get('_response') or {}).get('ts')} i {where}"
    elif name.startswith("views."):
        view = args.get("view") or {}
        view = json.loads(view) if isinstance(view, str) else view
        who = NAMES.get(args.get("user_id"), "")
        lines = [f"  {name.upper()} {who} «{_text(view.get('title'))}» submit=[{_text(view.get('submit'))}] "
                 f"close=[{_text(view.get('close'))}]"]
        return lines + render_blocks(view.get("blocks"))[:60]
    else:
        return [f"  {name}: {args.get('title') or args.get('files')}"]
    lines = [f"  {head}", f"    text: {str(args.get('text', ''))[:400]!r}"]
    return lines + render_blocks(args.get("blocks"))


def scene_log(stage: Stage) -> str:
    out: list[str] = []
    calls = stage.slack.calls
    bounds = [i for _, i in stage.scenes] + [len(calls)]
    notes = sorted(stage.notes, key=lambda n: n[0])  # stable: in the order noted
    for (title, first), last in zip(stage.scenes, bounds[1:], strict=True):
        out += ["", "=" * WIDTH, f"SCENE: {title}", "=" * WIDTH]
        for index in range(first, last):
            out += [f"> {text}" for at, text in notes if at == index]
            name, args = calls[index]
            if name in VISIBLE or ":" in name:
                out += describe(stage, name, args)
        out += [f"> {text}" for at, text in notes if at == last and last == len(calls)]
    return "\n".join(out)


def channel_view(stage: Stage) -> str:
    """The channel as it finally reads: top-level posts, each thread with the team's replies and the bot's
    messages in their latest version (ephemerals are not there: they vanish on reload)."""
    latest: dict[str, dict] = {}
    for name, args in stage.slack.calls:
        if name == "chat.update":
            latest[args["ts"]] = args
    items = []
    for args in stage.slack.of("chat.postMessage"):
        ts = args["_response"]["ts"]
        shown = latest.get(ts, args)
        items.append((args.get("channel"), args.get("thread_ts"), ts, "BOT", shown))
    for said in stage.said:
        items.append((said["channel"], said["thread_ts"], said["ts"], NAMES[said["user"]], said))
    out = ["", "=" * WIDTH, "THE CHANNEL AS IT FINALLY READS (latest version of each bot message)", "=" * WIDTH]
    top = sorted((i for i in items if i[0] == "C1" and not i[1]), key=lambda i: i[2])
    for _, _, ts, who, msg in top:
        out.append(f"[{ts}] {who}: {str(msg.get('text', ''))[:200]!r}")
        replies = sorted((i for i in items if i[1] == ts), key=lambda i: i[2])
        for _, _, rts, rwho, rmsg in replies:
            body = render_blocks(rmsg.get("blocks"), indent="        ") if rwho == "BOT" else []
            out.append(f"    ↳ [{rts}] {rwho}: {str(rmsg.get('text', ''))[:160]!r}")
            out += body[:14]
    dms = sorted((i for i in items if str(i[0]).startswith("D")), key=lambda i: i[2])
    out += ["", "DIRECT MESSAGES:"] + [f"  [{i[0]}] {i[3]}: {str(i[4].get('text', ''))[:300]!r}" for i in dms]
    return "\n".join(out)


def numbers(stage: Stage) -> str:
    stored = stage.stored()
    versions = sum(len(stage.service.history(process=stage.process(), actor=_actor(), question_id=q))
                   for q in stored)
    posts = stage.slack.of("chat.postMessage")
    ephemerals = stage.slack.of("chat.postEphemeral")
    updates = stage.slack.of("chat.update")
    feedback = [a["first_feedback_ms"] for a in stage.actions if a["first_feedback_ms"] is not None]
    acks = [a["ack_ms"] for a in stage.actions]
    silent = [f"{a['who']}: {a['what']}" for a in stage.actions if not a["shown"] and not a["response"]]
    out = ["", "=" * WIDTH, "NUMBERS", "=" * WIDTH,
           f"stored answers: {len(stored)} questions, {versions} versions",
           f"bot messages posted: {len(posts)} ({len(posts) / max(versions, 1):.2f} per stored version); "
           f"updates in place {len(updates)}; ephemerals {len(ephemerals)} "
           f"({len(ephemerals) / max(versions, 1):.2f} per stored version)",
           f"moves: {len(stage.actions)}; ack ms median {statistics.median(acks):.0f}, max {max(acks)}",
           f"first visible feedback ms (send → first bot call): median {statistics.median(feedback):.0f}, "
           f"p90 {sorted(feedback)[int(len(feedback) * 0.9)]}, max {max(feedback)}",
           f"moves with no visible reaction at all ({len(silent)}):"] + [f"  - {s}" for s in silent]
    out.append("slowest moves:")
    for a in sorted(stage.actions, key=lambda a: -(a["first_feedback_ms"] or 0))[:6]:
        out.append(f"  {a['first_feedback_ms']} ms  {a['who']}: {a['what']}")
    return "\n".join(out)


def _actor():
    from bot.service import Actor

    return Actor("U1", "Anna", "slack_thread")
