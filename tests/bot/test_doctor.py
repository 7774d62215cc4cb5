"""`coach doctor` through typer's CliRunner: every check ✓ on a sound installation (exit 0); each broken
part ✗ with what to fix, in Swedish (English with COACH_LANGUAGE=en), exit 1; `coach migrate` mends the
migrations. Slack is the fake Slack (auth.test, oauth.v2.access); the index is built with fake embeddings."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from bot.doctor import run_checks
from bot.settings import BOT_SCOPES, Settings
from tests.guidance.test_slow import chroma_server  # noqa: F401  (a real Chroma server, started per test)
from tests.slack.fake_slack import FakeSlack

ENV_KEYS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "SLACK_CLIENT_ID",
            "SLACK_CLIENT_SECRET", "DATABASE_URL", "CHROMA_HOST", "CHROMA_PORT", "COACH_LANGUAGE",
            "COACH_EMBEDDINGS", "COACH_DATA_DIR", "COACH_RETENTION_DAYS")


@pytest.fixture(scope="module")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the guidance index built (fake embeddings), once for the module."""
    from guidance_corpus.embeddings import make_embeddings
    from guidance_corpus.index import build_index

    data = tmp_path_factory.mktemp("data")
    settings = Settings(_env_file=None, coach_data_dir=data, coach_embeddings="fake")
    build_index(settings, make_embeddings(settings), [])
    return data


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    server = FakeSlack()
    yield server
    server.stop()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_index: Path, slack: FakeSlack) -> dict[str, str]:
    """A sound installation: one token, HTTP mode, a migrated SQLite database, the index built."""
    monkeypatch.chdir(tmp_path)  # no .env of the machine's
    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    data = tmp_path / "data"
    shutil.copytree(built_index, data)
    values = {"SLACK_BOT_TOKEN": "xoxb-good", "SLACK_SIGNING_SECRET": "s3cret", "SLACK_API_URL": slack.url,
              "COACH_DATA_DIR": str(data), "COACH_EMBEDDINGS": "fake"}
    assert CliRunner().invoke(app, ["migrate"], env=values).exit_code == 0
    return values


def doctor(env: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["doctor", "--http", *args], env=env)
    return result.exit_code, result.output


def lines(output: str, mark: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(mark)]


def test_a_sound_installation_passes_every_check(env: dict[str, str]) -> None:
    code, output = doctor(env)
    assert code == 0, output
    assert lines(output, "✗") == [] and len(lines(output, "✓")) == 9
    assert "✓ Slack-token: giltig för arbetsytan Test (T0001)" in output
    assert "✓ Databasmigreringar: aktuella (0010)" in output
    assert "✓ Vägledningens sökindex: klart: 265 passager (guidance-fake-hash256-c7)" in output
    assert "✓ Typsnitt för PDF: Carlito finns" in output and output.rstrip().endswith("Allt ser bra ut.")


def test_each_broken_part_is_named_with_its_fix(env: dict[str, str], slack: FakeSlack, tmp_path: Path) -> None:
    slack.tokens = {"xoxb-other": "T0001"}  # Slack knows another token: ours was revoked
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, not listening: nothing answers there
    broken = {**env, "SLACK_SIGNING_SECRET": "", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty' / 'new.db'}",
              "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port), "COACH_DATA_DIR": str(tmp_path / "nothing")}
    code, output = doctor(broken)
    assert code == 1
    failed = {line.split(":")[0] for line in lines(output, "✗")}
    assert failed == {"✗ Slack-token", "✗ Signeringsnyckel", "✗ Databasmigreringar", "✗ Chroma-server",
                      "✗ Vägledningens sökindex"}, output
    assert "Slack svarar invalid_auth" in output and "installera om appen" in output
    assert "Åtgärd: Kör «coach migrate»" in output and "Åtgärd: Kör «coach index»" in output
    assert "Åtgärd: Starta Chroma-servern" in output and "Traceback" not in output
    assert output.count("Åtgärd:") == 5 and output.rstrip().endswith("5 av 9 kontroller misslyckades.")

    assert CliRunner().invoke(app, ["migrate"], env=broken).exit_code == 0
    code, again = doctor(broken)
    assert code == 1 and "✓ Databasmigreringar: aktuella" in again and "4 av 9 kontroller" in again


def test_in_english_with_coach_language_en(env: dict[str, str]) -> None:
    code, output = doctor({**env, "COACH_LANGUAGE": "en", "SLACK_SIGNING_SECRET": ""})
    assert code == 1
    assert "✗ Signing secret: SLACK_SIGNING_SECRET is missing" in output
    assert "    Fix: Set SLACK_SIGNING_SECRET" in output
    assert "✓ Database: reachable (sqlite)" in output and "Åtgärd" not in output


def test_an_unreachable_database_and_unreadable_settings(env: dict[str, str]) -> None:
    code, output = doctor({**env, "DATABASE_URL": "postgresql://coach@127.0.0.1:1/coach"})
    assert code == 1 and "✗ Databas: går inte att nå" in output and "Åtgärd: Kontrollera DATABASE_URL" in output
    code, output = doctor({**env, "COACH_RETENTION_DAYS": "0"})
    assert code == 1 and "✗ Inställningar: kan inte läsas: COACH_RETENTION_DAYS" in output


def test_oauth_credentials_are_checked_with_slack(env: dict[str, str], slack: FakeSlack) -> None:
    oauth = {**env, "SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": slack.client_id,
             "SLACK_CLIENT_SECRET": slack.client_secret}
    code, output = doctor(oauth)
    assert code == 0 and "✓ Slack OAuth (flera arbetsytor): klient-id och hemlighet godtas av Slack; 0 " in output
    code, output = doctor({**oauth, "SLACK_CLIENT_SECRET": "old"})
    assert code == 1 and "Slack godtar inte klient-id eller hemlighet (bad_client_secret)" in output
    assert slack.codes == {} and slack.tokens == {}  # the check installed nothing
    code, output = doctor({**oauth, "SLACK_CLIENT_SECRET": ""})
    assert code == 1 and "bara en av SLACK_CLIENT_ID och SLACK_CLIENT_SECRET" in output


def test_missing_fonts_say_which_package(env: dict[str, str]) -> None:
    lang, checks = run_checks(http=True, find_font=lambda: None)
    fonts = next(c for c in checks if c.key == "fonts")
    assert lang == "sv" and not fonts.ok and "fonts-crosextra-carlito" in fonts.fix


def test_the_scopes_asked_for_at_install_are_the_manifests() -> None:
    manifest = yaml.safe_load((Path(__file__).parents[2] / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    assert BOT_SCOPES.split(",") == manifest["oauth_config"]["scopes"]["bot"]


@pytest.mark.slow
def test_with_a_chroma_server_the_index_must_be_on_it(env: dict[str, str], chroma_server: int) -> None:  # noqa: F811
    """As in compose.yaml: the image's index is local; the `index` job fills the Chroma server, then ✓."""
    on_server = {**env, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server)}
    code, output = doctor(on_server)
    assert code == 1 and f"✓ Chroma-server: svarar på 127.0.0.1:{chroma_server}" in output
    assert "✗ Vägledningens sökindex: Chroma-servern har 0 passager i guidance-fake-hash256-c7, manifestet 265" \
        in output
    assert CliRunner().invoke(app, ["index"], env=on_server).exit_code == 0
    code, output = doctor(on_server)
    assert code == 0 and "✓ Vägledningens sökindex: klart: 265 passager" in output
