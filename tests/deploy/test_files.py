"""The Dockerfile and compose.yaml, read as files (Docker's daemon and `docker compose` are not available
where the tests run, docs/DEPLOY.md): the app gets only real settings, two replicas start after the
migrations and the index, PostgreSQL and Chroma are the ones configured, the image runs as a non-root user
with the PDF's system packages, the index built in and a health check on /healthz."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# Read by the serve command (typer envvar=) and by the containers' own images, not by Settings:
NOT_SETTINGS = {"COACH_LOG_FORMAT", "COACH_WORKERS"}


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def dockerfile() -> list[str]:
    """Instructions, continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    return [line.strip() for line in re.sub(r"\\\n\s*", " ", text).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_compose_runs_two_replicas_on_one_postgres_and_one_chroma() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "chroma", "migrate", "index", "app", "proxy"}
    app = services["app"]
    assert app["deploy"]["replicas"] == 2
    assert app["command"] == ["serve", "--http", "--workers", "2", "--port", "3000"]
    env = app["environment"]
    assert env["DATABASE_URL"].startswith("postgresql+psycopg://coach:") and env["DATABASE_URL"].endswith(
        "@postgres:5432/coach")
    assert (env["CHROMA_HOST"], env["CHROMA_PORT"]) == ("chroma", "8000")
    assert services["postgres"]["environment"]["POSTGRES_DB"] == "coach"
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    # the order of a rollout: schema, then the index into Chroma, then the replicas
    assert app["depends_on"] == {"migrate": {"condition": "service_completed_successfully"},
                                 "index": {"condition": "service_completed_successfully"}}
    assert services["migrate"]["command"] == ["migrate"] and services["index"]["command"] == ["index"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    # every one shares the app's image, settings and the index volume
    for name in ("migrate", "index", "app"):
        assert services[name]["image"] == app["image"] and services[name]["environment"] == env
        assert "index:/var/lib/processcoach/index" in services[name]["volumes"]
    assert set(compose()["volumes"]) == {"postgres", "chroma", "index"}


def test_compose_gives_the_app_only_real_settings_and_no_secret_in_the_file() -> None:
    fields = {name.upper() for name in Settings.model_fields}
    env = compose()["services"]["app"]["environment"]
    assert set(env) - NOT_SETTINGS <= fields, set(env) - NOT_SETTINGS - fields
    for key in ("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_CLIENT_SECRET"):
        assert env[key].startswith("${") and env[key].endswith("}")  # from .env, never written here
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert {line.split("=")[0].lstrip("# ") for line in example.splitlines() if "=" in line} <= fields | {
        "POSTGRES_PASSWORD", "COACH_IMAGE"}


def test_the_proxy_spreads_over_the_replicas_and_keeps_metrics_inside() -> None:
    proxy = compose()["services"]["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "set $app http://app:3000;" in conf and "resolver 127.0.0.11" in conf
    assert re.search(r"location = /metrics \{\s*deny all;", conf)


def test_the_image_is_slim_non_root_with_pdf_packages_and_the_index_built_in() -> None:
    lines = dockerfile()
    assert lines[0] == "FROM python:3.11-slim"
    apt = next(line for line in lines if "apt-get install" in line)
    for package in ("fonts-crosextra-carlito", "fonts-dejavu-core", "fontconfig"):
        assert package in apt
    install = lines.index("RUN pip install . && rm -rf /opt/processcoach/build")
    user = lines.index("USER coach")
    index = lines.index("RUN coach index")
    assert install < user < index  # installed as root, the index built (and everything run) as `coach`
    assert not any(line.startswith("USER root") for line in lines[user:])
    assert any("useradd --system --uid 10001" in line for line in lines)
    health = next(line for line in lines if line.startswith("HEALTHCHECK"))
    assert "http://127.0.0.1:3000/healthz" in health
    assert lines[-2:] == ['ENTRYPOINT ["coach"]', 'CMD ["serve", "--http", "--workers", "2", "--port", "3000"]']
    copied = {line.split()[1] for line in lines if line.startswith("COPY ")}
    packages = re.search(r'include = \[(.*?)\]', (ROOT / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    assert {p.strip('" *') for p in packages.split(",")} <= copied  # every package `pip install .` needs


def test_deploy_md_covers_what_operations_need() -> None:
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    for heading in ("## Topology", "## Settings", "## One workspace or many", "## Migrations",
                    "## Health and metrics", "## Logs", "## Backups", "## Upgrading"):
        assert heading in text
    for name in ("/healthz", "/readyz", "/metrics", "coach doctor", "coach migrate", "/slack/install",
                 "pg_dump", "daemon is not running"):
        assert name in text


@pytest.mark.skipif(shutil.which("docker") is None, reason="docker is not installed")
def test_docker_compose_config_when_the_plugin_is_there(tmp_path: Path) -> None:
    """Where `docker compose` exists (not on the machine these were written on), it validates the file."""
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("the docker compose plugin is not installed")
    env = tmp_path / ".env"
    env.write_text("POSTGRES_PASSWORD=x\nSLACK_SIGNING_SECRET=y\n", encoding="utf-8")
    result = subprocess.run(["docker", "compose", "-f", str(ROOT / "compose.yaml"), "--env-file", str(env),
                             "config", "--quiet"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
