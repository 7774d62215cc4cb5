"""The checks of `coach doctor`: each looks at one thing a running service needs and says what it found and,
when something is wrong, what to do. They only read (the OAuth check spends no code: Slack refuses a made-up
one, after checking the app's credentials)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.doctor.texts import dt
from bot.settings import Settings

DOCTOR_CODE = "coach-doctor-check"  # not a real install code: Slack answers invalid_code if the client is right


@dataclass(frozen=True)
class Check:
    key: str  # the check's name in bot.doctor.texts
    ok: bool
    found: str
    fix: str = ""


def _slack_client(settings: Settings, token: str | None = None):
    from slack_sdk import WebClient

    from bot.slack.app import api_url

    return WebClient(token=token, base_url=api_url(settings.slack_api_url), timeout=10)


def slack_checks(settings: Settings, lang: str, http: bool) -> list[Check]:
    from slack_sdk.errors import SlackApiError

    checks: list[Check] = []
    url = settings.slack_api_url
    if bool(settings.slack_client_id) != bool(settings.slack_client_secret):
        checks.append(Check("oauth", False, dt("oauth_half", lang), dt("oauth_half_fix", lang)))
    elif not settings.slack_bot_token and not settings.oauth_enabled:
        checks.append(Check("slack", False, dt("no_slack", lang), dt("no_slack_fix", lang)))
    if settings.slack_bot_token:
        try:
            answer = _slack_client(settings, settings.slack_bot_token).auth_test()
            checks.append(Check("slack", True, dt("token_ok", lang, team=answer.get("team"),
                                                  team_id=answer.get("team_id"), url=url)))
        except SlackApiError as error:
            checks.append(Check("slack", False, dt("token_bad", lang, error=error.response.get("error"), url=url),
                                dt("token_fix", lang)))
        except OSError as error:
            checks.append(Check("slack", False, dt("slack_unreachable", lang, url=url, error=error),
                                dt("slack_unreachable_fix", lang)))
    if settings.oauth_enabled:
        checks.append(_oauth_check(settings, lang))
    if settings.slack_app_token and not http:
        good = settings.slack_app_token.startswith("xapp-")
        checks.append(Check("app_token", good, dt("app_token_ok" if good else "app_token_bad", lang),
                            "" if good else dt("app_token_fix", lang)))
    if http or settings.oauth_enabled or not settings.slack_app_token:
        good = bool(settings.slack_signing_secret)
        checks.append(Check("signing", good, dt("signing_ok" if good else "signing_missing", lang),
                            "" if good else dt("signing_fix", lang)))
    else:
        checks.append(Check("signing", True, dt("signing_skip", lang)))
    return checks


def _oauth_check(settings: Settings, lang: str) -> Check:
    from slack_sdk.errors import SlackApiError

    client = _slack_client(settings)
    try:
        client.oauth_v2_access(client_id=settings.slack_client_id or "",
                               client_secret=settings.slack_client_secret or "", code=DOCTOR_CODE)
        error = "ok"  # cannot happen with a made-up code; treated as accepted
    except SlackApiError as failure:
        error = str(failure.response.get("error"))
    except OSError as failure:
        return Check("oauth", False, dt("slack_unreachable", lang, url=settings.slack_api_url, error=failure),
                     dt("slack_unreachable_fix", lang))
    if error not in ("invalid_code", "ok"):
        return Check("oauth", False, dt("oauth_bad", lang, error=error), dt("oauth_fix", lang))
    return Check("oauth", True, dt("oauth_ok", lang, n=_installed_workspaces(settings)))


def _installed_workspaces(settings: Settings) -> str:
    from sqlalchemy import distinct, func, select

    from storage.db import make_engine
    from storage.install_models import installations

    engine = make_engine(settings.resolved_database_url)
    try:
        with engine.connect() as connection:
            return str(connection.execute(select(func.count(distinct(installations.c.team_id)))).scalar_one())
    except Exception:  # noqa: BLE001 - the database check below says what is wrong with it
        return "?"
    finally:
        engine.dispose()


def database_checks(settings: Settings, lang: str) -> list[Check]:
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from storage.db import alembic_config, make_engine, translated_errors
    from storage.errors import StorageError

    try:
        engine = make_engine(settings.resolved_database_url)
    except StorageError as error:
        return [Check("database", False, dt("db_bad", lang, problem=error.message), dt("db_fix", lang))]
    try:
        with translated_errors(), engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except StorageError as error:
        return [Check("database", False, dt("db_bad", lang, problem=error.detail or error.message),
                      dt("db_fix", lang))]
    except Exception as error:  # noqa: BLE001 - any driver failure is "not reachable", with its words
        return [Check("database", False, dt("db_bad", lang, problem=error), dt("db_fix", lang))]
    finally:
        engine.dispose()
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    reachable = Check("database", True, dt("db_ok", lang, backend=engine.dialect.name))
    if current == heads:
        return [reachable, Check("migrations", True, dt("migrations_ok", lang, revision=", ".join(sorted(heads))))]
    return [reachable, Check("migrations", False, dt("migrations_behind", lang, current=", ".join(sorted(current))
                                                     or "–", head=", ".join(sorted(heads))),
                             dt("migrations_fix", lang))]


def guidance_checks(settings: Settings, lang: str) -> list[Check]:
    from guidance_corpus.chunking import CHUNKER_VERSION
    from guidance_corpus.documents import content_hash, discover, shipped_corpus_dir
    from guidance_corpus.embeddings import make_embeddings
    from guidance_corpus.index import chroma_client, collection_name, index_files

    checks: list[Check] = []
    if settings.chroma_host:
        try:
            chroma_client(settings).heartbeat()
            checks.append(Check("chroma", True, dt("chroma_ok", lang, host=settings.chroma_host,
                                                   port=settings.chroma_port)))
        except Exception:  # noqa: BLE001 - chromadb raises many kinds; all mean "no answer"
            checks.append(Check("chroma", False, dt("chroma_bad", lang, host=settings.chroma_host,
                                                    port=settings.chroma_port), dt("chroma_fix", lang)))
    else:
        checks.append(Check("chroma", True, dt("chroma_skip", lang)))
    try:
        embeddings = make_embeddings(settings)
    except ValueError as error:
        return [*checks, Check("index", False, str(error), dt("settings_fix", lang))]
    files, name = index_files(settings, embeddings), collection_name(embeddings)
    if not files.exists():
        return [*checks, Check("index", False, dt("index_missing", lang, embeddings=settings.coach_embeddings,
                                                  path=files.root), dt("index_fix", lang))]
    docs = files.read_manifest().get("docs", {})
    by_path = {entry.get("path"): entry.get("hash", "") for entry in docs.values()}
    stale = [path.name for path in discover(shipped_corpus_dir())
             if not str(by_path.get(str(path), "")).startswith(f"{content_hash(path)}:c{CHUNKER_VERSION}")]
    if stale:
        return [*checks, Check("index", False, dt("index_stale", lang, docs=", ".join(stale[:5])),
                               dt("index_fix", lang))]
    expected = sum(len(entry.get("chunks", [])) for entry in docs.values())
    if settings.chroma_host and checks[0].ok:
        try:
            actual = chroma_client(settings).get_collection(name).count()
        except Exception:  # noqa: BLE001 - no such collection: nothing indexed on the server
            actual = 0
        if actual != expected:
            return [*checks, Check("index", False, dt("index_remote_bad", lang, actual=actual, collection=name,
                                                      expected=expected), dt("index_fix", lang))]
    return [*checks, Check("index", True, dt("index_ok", lang, passages=expected, collection=name))]


def carlito() -> str | None:
    """The Carlito font file fontconfig finds, or None."""
    from bot.underlag.fonts import _system_font

    path = _system_font("Carlito:style=Regular")
    return str(path) if path else None


def pdf_checks(lang: str, find_font: Callable[[], str | None] = carlito) -> list[Check]:
    font = find_font()
    checks = [Check("fonts", True, dt("fonts_ok", lang, path=font)) if font
              else Check("fonts", False, dt("fonts_missing", lang), dt("fonts_fix", lang))]
    try:
        import typst

        checks.append(Check("pdf", True, dt("pdf_ok", lang, version=typst.__version__)))
    except (OSError, ImportError) as error:
        checks.append(Check("pdf", False, dt("pdf_bad", lang, problem=str(error)[:200]), dt("pdf_fix", lang)))
    return checks
