"""`coach process list | rename | archive | restore` and `coach import --name`, through the console script."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.test_cli_chat import coach

NAME = "Meningsfull fritid i Skogås"
NEW = "Meningsfull fritid i Skogås och Trångsund"


def _start(data: Path) -> None:
    result = coach(data, "chat", "--process", NAME, "--user", "anna", stdin="avsluta\n")
    assert result.returncode == 0, result.stderr


def test_list_rename_archive_restore(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert "Inga processer ännu" in coach(data, "process", "list").stdout
    _start(data)
    listed = json.loads(coach(data, "process", "list", "--json").stdout)
    assert [(p["name"], p["current_step"], p["archived"]) for p in listed] == [(NAME, 1, False)]

    refused = coach(data, "process", "rename", NAME, NEW, "--user", "bertil")
    assert refused.returncode == 1 and "inte med i processen" in refused.stderr
    renamed = coach(data, "process", "rename", NAME, NEW, "--user", "anna")
    assert renamed.returncode == 0 and f"Processen heter nu «{NEW}»" in renamed.stdout
    assert coach(data, "export", NAME).returncode == 1  # the old name is gone

    assert coach(data, "process", "archive", NEW, "--user", "anna").returncode == 0
    assert coach(data, "process", "list").stdout.startswith("Inga processer")
    assert f"{NEW} (arkiverad)" in coach(data, "process", "list", "--archived").stdout
    chat = coach(data, "chat", "--process", NEW, "--user", "anna", stdin="avsluta\n")
    assert chat.returncode == 1 and "är arkiverad" in chat.stderr and "coach process restore" in chat.stderr
    exported = coach(data, "export", NEW)  # archived: still readable, nothing deleted
    actions = [e["action"] for e in json.loads(exported.stdout)["audit"]]
    assert actions[-3:] == ["refused", "process_renamed", "process_archived"]

    assert coach(data, "process", "restore", NEW, "--user", "anna").returncode == 0
    assert coach(data, "chat", "--process", NEW, "--user", "anna", stdin="avsluta\n").returncode == 0
    assert "Traceback" not in chat.stderr + refused.stderr


def test_import_under_another_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _start(data)
    file = tmp_path / "export.json"
    assert coach(data, "export", NAME, "-o", str(file)).returncode == 0
    taken = coach(data, "import", str(file))
    assert taken.returncode == 1 and "--name" in taken.stderr
    copied = coach(data, "import", str(file), "--name", "Kopia av Skogås")
    assert copied.returncode == 0 and "Importerade processen «Kopia av Skogås»" in copied.stdout
    names = [p["name"] for p in json.loads(coach(data, "process", "list", "--json").stdout)]
    assert names == ["Kopia av Skogås", NAME]
