"""What an adapter may know of the database's transactions, without opening one: how long a request lets
its transactions wait for a lock (`wait_at_most`, ended early by `stop_waiting_at_most`), and whether an
error was such a wait running out (`is_busy`: "busy, nothing was saved"). The waiting itself is
storage's (storage.db)."""

from __future__ import annotations

from storage.db import is_busy, stop_waiting_at_most, wait_at_most

__all__ = ["is_busy", "stop_waiting_at_most", "wait_at_most"]
