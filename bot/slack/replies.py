"""A thread reply that may be an answer is kept before Slack is acknowledged, and filed under the question
its author was shown.

- `keep_before_ack`: a bolt middleware (it runs before bolt acks an event) that writes the delivery to
  the inbox (bot.slack.inbox). If that fails it answers 503 instead of acking, so Slack delivers the reply
  again (a crash before the ack likewise). bot.slack.events then keeps it as a draft ("received"), offers
  it to its author ("pending") and clears the inbox row; a killed process's rows are handled at start-up.
- `shown_question`: the question a reply answers is the newest question message in its thread older
  than the reply (Slack ts are ordered) — what its author saw, never "the next question" at the time the
  reply happens to be processed (two replies at once used to land on the next question).
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from slack_bolt import BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.slack.dedupe import delivery_key
from bot.slack.errors import handle_error
from bot.slack.inbox import Inbox
from bot.slack.models import PayloadError, ThreadMessageIn
from bot.slack_state import SlackStateService
from bot.text_commands import parse
from bot.transactions import is_busy
from storage.errors import StorageError
from storage.slack_models import ShownMessage

if TYPE_CHECKING:
    from bot.slack.deps import Deps

log = logging.getLogger(__name__)
THREAD_COMMANDS = {"skip", "back", "continue", "guidance", "status", "help"}
_LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>[\s,:]*")
_WORD = re.compile(r"\w")
# «ändra s1.styrning» / «change 3»: open a question's form from the thread (a number: the step's Nth question)
_EDIT = re.compile(r"^(?:ändra|edit|change)\s+(\d{1,3}|[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)$", re.IGNORECASE)
# Slack sends an emoji as its shortcode («ok :+1:»); one with a letter or «+» in it (not «10:30:»)
_EMOJI_CODE = re.compile(r":(?=[^:\s]*[a-z+])[a-z0-9_+'-]+:")
_NOT_WORD = re.compile(r"[\W_]+")
# Short acknowledgements in a thread: chatter, never an answer ("ja" and "nej" are answers, so not here)
ACKNOWLEDGEMENTS = frozenset({
    "ok", "okej", "okey", "okay", "oki", "k", "tack", "tackar", "tack tack", "tack så mycket", "stort tack",
    "bra", "jättebra", "super", "toppen", "kanon", "perfekt", "snyggt", "fint", "japp", "jepp", "precis",
    "absolut", "uppfattat", "noterat", "kör", "låter bra", "ok tack", "okej tack", "bra tack",
    "thanks", "thank you", "thx", "ty", "sure", "great", "nice", "cool", "perfect", "got it", "noted",
    "sounds good", "yep", "yup", "ok thanks", "exactly",
})


def unescape(text: str) -> str:
    """Slack sends message text with &, <, > escaped; store what the person typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def looks_like_talk(text: str) -> bool:
    """Replies that are never an answer attempt: no letters or digits ("???", "👍", ":+1:"), a short
    acknowledgement ("ok 👍", "tack!", "thanks"), a short question ("vem tar den här?"), or words addressed
    to a colleague ("<@U2> kan du …")."""
    words = _NOT_WORD.sub(" ", _EMOJI_CODE.sub(" ", text.lower())).strip()
    if not words or words in ACKNOWLEDGEMENTS:
        return True
    if text.rstrip().endswith("?") and len(text) <= 80:
        return True
    return bool(_LEADING_MENTION.match(text))


def authorized_bot(body: dict) -> str | None:
    """The app's own user id as the event's authorizations name it (no Web API call)."""
    for authorization in body.get("authorizations") or []:
        if authorization.get("is_bot", True) and authorization.get("user_id"):
            return authorization["user_id"]
    return None


def strip_bot_mention(text: str, me: str | None) -> str:
    """"@Processcoach styrgrupp" is the reply "styrgrupp"."""
    if me and (match := _LEADING_MENTION.match(text)) and match.group(1) == me:
        return text[match.end():].strip()
    return text


def edit_request(text: str) -> str | None:
    """The question id or number in «ändra <id>», «ändra <nummer>», «change …»; None for other text."""
    match = _EDIT.match(" ".join(text.split()))
    return match.group(1).lower() if match else None


def answer_text(text: str) -> str | None:
    """The text a reply offers as an answer; None for a thread command or talk."""
    if edit_request(text) is not None:
        return None
    command = parse(text)
    if command is not None and command.name in THREAD_COMMANDS:
        return None
    return None if not text or looks_like_talk(text) else text


def shown_question(state: SlackStateService, reply: ThreadMessageIn) -> ShownMessage | None:
    """The question or gate message the reply came under (None when the thread logged none before it)."""
    return state.shown_before(reply.channel_id, reply.thread_ts, reply.ts)


def keep_before_ack(inbox: Inbox) -> Callable[..., BoltResponse | None]:
    """A bolt middleware: a thread reply that may be an answer is in the inbox before bolt acks it."""
    def keep_reply(req: BoltRequest, resp: BoltResponse, next: Callable[[], None]):  # noqa: A002
        body = req.body
        event = body.get("event") or {} if body.get("type") == "event_callback" else {}
        key = delivery_key(body)
        if event.get("type") != "message" or event.get("channel_type") == "im" or key is None:
            return next()
        try:
            reply = ThreadMessageIn.parse(event)
        except PayloadError:
            return next()  # the listener answers it as it answers any bad payload
        text = answer_text(strip_bot_mention(unescape(reply.text).strip(), authorized_bot(body))) if reply else None
        if reply is None or text is None:
            return next()
        try:
            inbox.put(key, body)
        except (sqlite3.Error, OSError) as error:
            log.warning("thread reply %s not kept, Slack will deliver it again: %s", reply.ts, error)
            return BoltResponse(status=503, body="")  # not acknowledged: Slack retries
        return next()

    return keep_reply


class KeptReplies:
    """Runs the message listener for a delivery and clears its inbox row once handled. A database lock that
    outlasts the wait is no reason to lose a reply: it is handled again a little later (after 1, 2, 4, 8,
    16 s, and at the next start if need be), without a word to anyone. `handle_left` handles at start-up
    what a stopped process acked but did not finish."""

    RETRIES = 5

    def __init__(self, deps: Deps, listener: Callable[[dict, dict, WebClient], None]) -> None:
        self.deps, self.listener = deps, listener

    def handle(self, body: dict, event: dict, client: WebClient, attempt: int = 0, claimed: bool = False) -> None:
        inbox = self.deps.inbox
        key = delivery_key(body) if inbox is not None else None
        keep = False
        try:
            if not claimed and not self.deps.deliveries.claim(body, "on_message"):
                keep = True  # a repeat: the delivery being handled owns the inbox row
                return
            claimed = True
            self.listener(body, event, client)
        except StorageError as error:
            if key is None or not is_busy(error) or attempt >= self.RETRIES:
                raise
            keep = True
            log.warning("database busy; thread reply %s handled again in %s s", key, 2 ** attempt)
            later = threading.Timer(2 ** attempt, self._again, (body, client, attempt + 1))
            later.daemon = True
            later.start()
        finally:
            if inbox is not None and key is not None and not keep:
                inbox.done(key)  # handled, or failed politely: not again at the next start

    def _again(self, body: dict, client: WebClient, attempt: int) -> None:
        def run() -> None:
            try:
                self.handle(body, body.get("event") or {}, client, attempt, claimed=True)
            except Exception as error:  # noqa: BLE001 – answered like any listener's error
                handle_error(error, body, client, None, self.deps.body_lang(body))

        try:
            self.deps.work.submit(run)
        except RuntimeError:  # stopping: the inbox keeps it for the next start
            log.info("stopping; the thread reply waits in the inbox for the next start")

    def handle_left(self, client: WebClient) -> None:
        inbox = self.deps.inbox
        left = inbox.left() if inbox is not None else []
        for key, body in left:
            try:
                self.listener(body, body.get("event") or {}, client)
            except Exception:  # noqa: BLE001 – one bad row must not keep the others waiting
                log.warning("could not handle the kept reply %s", key, exc_info=True)
            inbox.done(key)  # type: ignore[union-attr]
        if left:
            log.info("handled %d thread replies kept before a stop", len(left))
