"""Block Kit as Slack checks it: the problems Slack would refuse a message or view for, as sentences.

Used by the fake Slack in the tests (which then answers `invalid_blocks` / `invalid_arguments` like
Slack) and usable at run time to log what a builder got wrong. Limits from docs.slack.dev/reference/block-kit.
"""

from __future__ import annotations

import re
from typing import Any

MESSAGE_BLOCKS, VIEW_BLOCKS, MESSAGE_TEXT = 50, 100, 40_000
BLOCK_TYPES = {"section", "divider", "image", "actions", "context", "header", "input", "file", "rich_text",
               "video", "markdown"}
INPUT_ELEMENTS = {"plain_text_input", "static_select", "multi_static_select", "checkboxes", "radio_buttons",
                  "datepicker", "timepicker", "datetimepicker", "users_select", "multi_users_select",
                  "channels_select", "multi_channels_select", "conversations_select",
                  "multi_conversations_select", "external_select", "multi_external_select", "number_input",
                  "email_text_input", "url_text_input", "rich_text_input", "file_input"}
ACTION_ELEMENTS = INPUT_ELEMENTS - {"plain_text_input", "number_input", "email_text_input", "url_text_input",
                                    "rich_text_input", "file_input"} | {"button", "overflow", "workflow_button"}
ACCESSORY_ELEMENTS = ACTION_ELEMENTS | {"image"}
MAX_OPTIONS = {"static_select": 100, "multi_static_select": 100, "checkboxes": 10, "radio_buttons": 10,
               "overflow": 5}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")


class _Check:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def length(self, where: str, value: Any, limit: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.fail(where, "missing")
            return
        if not isinstance(value, str):
            self.fail(where, "must be a string")
        elif len(value) > limit:
            self.fail(where, f"{len(value)} characters, at most {limit}")
        elif required and not value:
            self.fail(where, "must not be empty")

    def text(self, where: str, obj: Any, limit: int, *, plain_only: bool = False, required: bool = True) -> None:
        if obj is None:
            if required:
                self.fail(where, "missing text object")
            return
        if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
            self.fail(where, "not a text object")
            return
        if plain_only and obj["type"] != "plain_text":
            self.fail(where, "must be plain_text")
        if obj["type"] == "mrkdwn" and "emoji" in obj:
            self.fail(where, "mrkdwn text has no emoji field")
        self.length(where + ".text", obj.get("text"), limit, required=True)

    def option(self, where: str, opt: Any) -> None:
        if not isinstance(opt, dict):
            self.fail(where, "not an option")
            return
        self.text(where + ".text", opt.get("text"), 75)
        self.length(where + ".value", opt.get("value"), 150, required=True)
        if "description" in opt:
            self.text(where + ".description", opt["description"], 75)

    def element(self, where: str, el: Any, allowed: set[str]) -> None:
        if not isinstance(el, dict) or el.get("type") not in allowed:
            self.fail(where, f"element type {el.get('type') if isinstance(el, dict) else el!r} not allowed here")
            return
        kind = el["type"]
        if kind != "image":
            self.length(where + ".action_id", el.get("action_id"), 255)
        if "placeholder" in el:
            self.text(where + ".placeholder", el["placeholder"], 150, plain_only=True)
        if kind == "button":
            self.text(where + ".text", el.get("text"), 75, plain_only=True)
            self.length(where + ".value", el.get("value"), 2000)
            self.length(where + ".url", el.get("url"), 3000)
            if el.get("style") not in (None, "primary", "danger"):
                self.fail(where, "style must be primary or danger")
        elif kind == "plain_text_input":
            top = el.get("max_length", 3000)
            if not isinstance(top, int) or not 1 <= top <= 3000:
                self.fail(where + ".max_length", f"{top} not in 1..3000")
                top = 3000
            if el.get("min_length", 0) > top:
                self.fail(where + ".min_length", "above max_length")
            self.length(where + ".initial_value", el.get("initial_value"), top)
        elif kind in MAX_OPTIONS:
            options = el.get("options") or []
            groups = el.get("option_groups")
            if groups:
                options = [o for g in groups for o in g.get("options") or []]
            elif not options:
                self.fail(where, "no options")
            if len(options) > MAX_OPTIONS[kind]:
                self.fail(where, f"{len(options)} options, at most {MAX_OPTIONS[kind]}")
            for index, opt in enumerate(options):
                self.option(f"{where}.options[{index}]", opt)
            values = [o.get("value") for o in options if isinstance(o, dict)]
            if len(values) != len(set(values)):
                self.fail(where, "option values repeat")
            chosen = ([el["initial_option"]] if "initial_option" in el else []) + list(el.get("initial_options") or [])
            for opt in chosen:
                if opt not in options:
                    self.fail(where, "initial option is not one of the options")
        elif kind == "datepicker" and "initial_date" in el and not _DATE.match(str(el["initial_date"])):
            self.fail(where, "initial_date must be YYYY-MM-DD")
        elif kind == "timepicker" and "initial_time" in el and not _TIME.match(str(el["initial_time"])):
            self.fail(where, "initial_time must be HH:mm")
        elif kind == "image":
            self.length(where + ".alt_text", el.get("alt_text"), 2000, required=True)

    def block(self, where: str, block: Any) -> None:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            self.fail(where, f"unknown block type {block.get('type') if isinstance(block, dict) else block!r}")
            return
        kind = block["type"]
        self.length(where + ".block_id", block.get("block_id"), 255)
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.fail(where, "section needs text or fields")
            if "text" in block:
                self.text(where + ".text", block["text"], 3000)
            fields = block.get("fields") or []
            if len(fields) > 10:
                self.fail(where, f"{len(fields)} fields, at most 10")
            for index, field in enumerate(fields):
                self.text(f"{where}.fields[{index}]", field, 2000)
            if "accessory" in block:
                self.element(where + ".accessory", block["accessory"], ACCESSORY_ELEMENTS)
        elif kind == "header":
            self.text(where + ".text", block.get("text"), 150, plain_only=True)
        elif kind == "context":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 10:
                self.fail(where, f"{len(elements)} elements, 1..10 allowed")
            for index, el in enumerate(elements):
                if isinstance(el, dict) and el.get("type") == "image":
                    self.element(f"{where}.elements[{index}]", el, {"image"})
                else:
                    self.text(f"{where}.elements[{index}]", el, 3000)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 1 <= len(elements) <= 25:
                self.fail(where, f"{len(elements)} elements, 1..25 allowed")
            for index, el in enumerate(elements):
                self.element(f"{where}.elements[{index}]", el, ACTION_ELEMENTS)
            ids = [el.get("action_id") for el in elements if isinstance(el, dict) and el.get("action_id")]
            for repeated in sorted({i for i in ids if ids.count(i) > 1}):
                self.fail(where, f"action_id {repeated!r} is used by more than one element of the block")
        elif kind == "input":
            self.text(where + ".label", block.get("label"), 2000, plain_only=True)
            if "hint" in block:
                self.text(where + ".hint", block["hint"], 2000, plain_only=True)
            self.element(where + ".element", block.get("element"), INPUT_ELEMENTS)
        elif kind == "image":
            self.length(where + ".alt_text", block.get("alt_text"), 2000, required=True)

    def blocks(self, blocks: Any, limit: int) -> None:
        if not isinstance(blocks, list):
            self.fail("blocks", "must be a list")
            return
        if len(blocks) > limit:
            self.fail("blocks", f"{len(blocks)} blocks, at most {limit}")
        ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            self.fail("blocks", f"block_id {repeated!r} is used more than once")
        for index, block in enumerate(blocks):
            self.block(f"blocks[{index}]", block)


def message_problems(text: str | None, blocks: list[dict[str, Any]] | None) -> list[str]:
    """What chat.postMessage / chat.update / chat.postEphemeral would refuse."""
    check = _Check()
    if not text and not blocks:
        check.fail("message", "needs text or blocks")
    check.length("text", text, MESSAGE_TEXT)
    if blocks is not None:
        check.blocks(blocks, MESSAGE_BLOCKS)
    return check.problems


def view_problems(view: dict[str, Any]) -> list[str]:
    """What views.open / update / push / publish would refuse."""
    check = _Check()
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("view.type", f"{kind!r} is neither modal nor home")
        return check.problems
    check.blocks(view.get("blocks"), VIEW_BLOCKS)
    check.length("private_metadata", view.get("private_metadata"), 3000)
    check.length("callback_id", view.get("callback_id"), 255)
    check.length("external_id", view.get("external_id"), 255)
    if kind == "modal":
        check.text("title", view.get("title"), 24, plain_only=True)
        for key in ("submit", "close"):
            check.text(key, view.get(key), 24, plain_only=True, required=False)
        inputs = [b for b in view.get("blocks") or [] if isinstance(b, dict) and b.get("type") == "input"]
        if inputs and "submit" not in view:
            check.fail("submit", "a modal with input blocks needs a submit button")
    return check.problems


def errors_problems(view: dict[str, Any], errors: dict[str, str]) -> list[str]:
    """What Slack refuses in a `response_action: errors` answer: keys that are no input block of the view."""
    inputs = {b.get("block_id") for b in view.get("blocks") or [] if b.get("type") == "input"}
    return [f"errors[{key!r}]: no input block with that block_id" for key in errors if key not in inputs]
