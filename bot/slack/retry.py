"""How a Web API call survives a bad moment at Slack: 429 (waiting what Retry-After says), 5xx and dropped
connections are retried with exponential backoff and full jitter, bounded both in count and in total time.
What still fails is `transient` and goes to the outbox (bot.slack.outbox), which tries again later."""

from __future__ import annotations

import http.client
import random
import socket
import time
from dataclasses import dataclass
from urllib.error import URLError

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

CONNECTION_ERRORS = (URLError, ConnectionError, TimeoutError, socket.timeout, http.client.HTTPException)
RETRYABLE_CODES = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


@dataclass(frozen=True)
class RetryPolicy:
    """At most `attempts` retries of one call, waits `base`·2^n s (full jitter, at most `longest` s; a
    Retry-After up to `longest`), and no retry that would end after `total` s since the first try."""

    attempts: int = 5
    base: float = 0.5
    longest: float = 10.0
    total: float = 20.0


class Later(Exception):
    """One of the app's own outbox steps cannot be made now for a reason of the app's own (another process is
    doing the same thing): transient, so the outbox tries the call again later."""


def transient(error: BaseException) -> bool:
    """True when trying the same call later may well succeed: Slack overloaded or unreachable."""
    if isinstance(error, Later):
        return True
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", 200) or 200
        code = response.get("error") if response is not None and hasattr(response, "get") else None
        return status >= 500 or status == 429 or code in RETRYABLE_CODES
    return isinstance(error, CONNECTION_ERRORS)


class BoundedBackoff(RetryHandler):
    """One handler for 429, 5xx and connection errors (slack_sdk's built-ins retry 429 without a total cap
    and 5xx not at all by default)."""

    def __init__(self, policy: RetryPolicy = RetryPolicy(), sleep=time.sleep, clock=time.monotonic,
                 rng: random.Random | None = None) -> None:
        super().__init__(max_retry_count=policy.attempts)
        self.policy, self.sleep, self.clock = policy, sleep, clock
        self.rng = rng or random.Random()  # its own: the jitter never draws from (or moves) the global state

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if response is not None:
            retryable = response.status_code == 429 or response.status_code >= 500
        else:  # a marked post may have been made: its sender looks before trying again (bot.slack.posting)
            retryable = isinstance(error, CONNECTION_ERRORS) and b'"coach_mark"' not in (request.data or b"")
        if not retryable:
            return False
        values = state.custom_values = state.custom_values or {}
        started = values.setdefault("started", self.clock())
        wait = self._wait(state.current_attempt, response)
        values["wait"] = wait
        return self.clock() + wait - started <= self.policy.total

    def _wait(self, attempt: int, response: HttpResponse | None) -> float:
        if response is not None and response.status_code == 429:
            after = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
            try:
                seconds = float(after[0] if isinstance(after, list) else after)
            except (TypeError, ValueError, IndexError):
                seconds = 1.0
            return min(self.policy.longest, seconds) + self.rng.uniform(0, self.policy.base)
        return self.rng.uniform(0, min(self.policy.longest, self.policy.base * 2 ** attempt))

    def prepare_for_next_attempt(self, *, state: RetryState, request: HttpRequest,
                                 response: HttpResponse | None = None, error: Exception | None = None) -> None:
        state.next_attempt_requested = True
        self.sleep((state.custom_values or {}).get("wait", self.policy.base))
        state.increment_current_attempt()
