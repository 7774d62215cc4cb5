"""Once per server: of the workers sharing a lock file, one runs the loop; when it stops, another takes over."""

from __future__ import annotations

import threading

from bot.server.background import OncePerServer


def test_one_holder_runs_and_another_takes_over(tmp_path) -> None:
    ran: list[str] = []
    lock = tmp_path / "reminders.lock"

    def body(name: str):
        def run(stop: threading.Event) -> None:
            ran.append(name)
            stop.wait(30)
        return run

    first = OncePerServer(lock, "loop", body("first"), retry=0.05)
    second = OncePerServer(lock, "loop", body("second"), retry=0.05)
    first.start()
    assert first.holding.wait(10)
    second.start()
    assert not second.holding.wait(0.3)  # waits its turn (a condition that must stay false)
    first.stop()
    assert second.holding.wait(10)
    second.stop()
    assert ran == ["first", "second"]
