"""The order in which `--dist loadfile` hands test files to the two processes of the fast tier: the longest
first, so that both processes finish at about the same time.

pytest-xdist's own order is by the number of tests in a file, most first. A file of two tests that take
40 s together (the fault-ordering pairs, the documents of a whole process) then starts last, and one
process runs it alone while the other has finished. Here a file's expected seconds decide: measured for
the files below, about 0.3 s a test for the others. A file missing from the table (renamed, new) is only
scheduled by its number of tests, as before; nothing else depends on it."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from xdist.scheduler import LoadFileScheduling

# Seconds of the slowest files' tests, from a fast-tier run with --durations (2026-12-03, two processes on
# a loaded 2-core machine: relative, not absolute).
SECONDS = {
    "tests/guidance/test_index.py": 45,
    "tests/slack/test_faults_ordering.py": 42,
    "tests/slack/test_faults_locks.py": 40,
    "tests/guidance/test_cli.py": 37,
    "tests/bot/test_cli_chat.py": 27,
    "tests/slack/test_surfaces.py": 26,
    "tests/slack/test_e2e_team.py": 23,
    "tests/slack/test_e2e_faults.py": 21,
    "tests/underlag/test_cli.py": 19,
    "tests/underlag/test_documents_service.py": 18,
    "tests/guidance/test_readiness.py": 15,
    "tests/slack/test_prompt_once.py": 15,
    "tests/guidance/test_search.py": 12,
    "tests/bot/test_cli_person.py": 11,
    "tests/slack/test_languages.py": 10,
    "tests/bot/test_doctor.py": 10,
    "tests/bot/test_cli_processes.py": 10,
    "tests/guidance/test_embeddings.py": 8,
    "tests/slack/test_inbox_shared.py": 8,
    "tests/catalogue/test_catalogue.py": 7,
}
PER_TEST = 0.3


def expected_seconds(path: str, tests: int) -> float:
    return SECONDS.get(path, PER_TEST * tests)


class LongestFileFirst(LoadFileScheduling):
    """LoadFileScheduling with the work queue ordered by expected seconds, longest first."""

    _ordered = False

    def _assign_work_unit(self, node: Any) -> None:
        if not self._ordered:  # the queue is complete before the first file is handed out
            self._ordered = True
            units = sorted(self.workqueue.items(), key=lambda unit: -expected_seconds(unit[0], len(unit[1])))
            self.workqueue = OrderedDict(units)
        super()._assign_work_unit(node)
