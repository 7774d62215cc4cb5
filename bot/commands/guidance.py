"""`coach index`, `coach search` and `coach eval-retrieval`: the guidance corpus from the command line.

Contract (docs/design.md): `coach search QUERY [-k N] --json` prints a JSON array, best first, of
objects with at least text, doc_id, title, locator, score; `--queries FILE` prints one such array per
line of FILE (`-` for stdin), loading the models once. Below the calibrated relevance it prints `[]`
(and in text mode says so in the operator's language)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import typer

import coachtext
from bot.commands.texts import help_text, say
from flows.text import shorten


def _passage_json(p) -> dict:
    return {"text": p.text, "doc_id": p.doc_id, "title": p.title, "locator": p.locator,
            "score": p.score, "passage_id": p.passage_id, "citation": p.citation}


def _print_human(query: str, passages, lang: str = "sv") -> None:
    lang = lang if lang in coachtext.LANGUAGES else "sv"
    if not passages:
        typer.echo(coachtext.t("cli.ask.nothing_found", lang))
        return
    for i, p in enumerate(passages, 1):
        typer.echo(f"{i}. {p.title} – {p.locator}  ({coachtext.t('cli.ask.relevance', lang)} {p.score:.2f})")
        for line in shorten(p.text, 600).split("\n"):
            if line.strip():
                typer.echo(f"   {line}")
        typer.echo("")


@contextmanager
def _guidance_errors():
    """An unreachable Chroma server ends the command with its polite message, not a traceback."""
    from guidance_corpus.base import GuidanceUnavailable

    try:
        yield
    except GuidanceUnavailable as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error


def _read_queries(source: str, lang: str) -> Iterable[str]:
    """The lines of a --queries file, stripped; a file that cannot be read ends the command with a
    message in `lang`. Standard input ('-') is read line by line, so each answer follows its question."""
    if source == "-":
        return (line.strip() for line in sys.stdin)
    try:
        return [line.strip() for line in Path(source).read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError as error:
        typer.echo(say("search.no_file", lang, path=source), err=True)
        raise typer.Exit(2) from error
    except UnicodeDecodeError as error:
        typer.echo(say("search.not_utf8", lang, path=source), err=True)
        raise typer.Exit(2) from error
    except OSError as error:  # a directory, no permission …
        typer.echo(say("search.unreadable", lang, path=source, reason=error.strerror or error), err=True)
        raise typer.Exit(2) from error


def _build_if_missing(settings, retriever, message: str, *, refresh: bool = False) -> None:
    """Build the index, with `message` and progress on stderr, when it does not exist yet (or refresh
    it incrementally when `refresh`), so a first search does not sit silent for a minute."""
    missing = retriever.index_missing()
    if missing or refresh:
        from guidance_corpus.index import build_index

        if missing:
            typer.echo(message, err=True)
        build_index(settings, retriever.embeddings, progress=_progress_printer(settings.coach_language))


def _shipped_only(settings):
    """Settings whose index holds only the shipped guide: the evaluation sets are judged on the seed
    documents, and a team's own files would change the ranking. The usual index is used when it has no
    team folders; otherwise one beside it (`<data>/eval/index`)."""
    from guidance_corpus.embeddings import make_embeddings
    from guidance_corpus.index import index_files

    files = index_files(settings, make_embeddings(settings))
    if not files.exists() or not files.read_manifest().get("corpora"):
        return settings
    if settings.chroma_host:  # one server, one collection name: a second index would overwrite it
        typer.echo(say("eval.server_index", settings.coach_language), err=True)
        return settings
    typer.echo(say("eval.own_index", settings.coach_language), err=True)
    return settings.model_copy(update={"coach_data_dir": settings.coach_data_dir / "eval"})


def _progress_printer(lang: str):
    state = {"last": -1}
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, title: str) -> None:
        pct = int(100 * done / total) if total else 100
        line = say("index.progress", lang, done=done, total=total, percent=pct)
        if tty:
            sys.stderr.write(f"\r{line} – {title[:40]:<40}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif pct // 10 != state["last"] // 10 or done >= total:
            state["last"] = pct
            sys.stderr.write(f"{line}\n")
            sys.stderr.flush()

    return progress


def index_command(
    corpus: list[Path] = typer.Option([], "--corpus", help=help_text("index.opt.corpus")),
    rebuild: bool = typer.Option(False, "--rebuild", help=help_text("index.opt.rebuild")),
    forget: list[Path] = typer.Option([], "--forget", help=help_text("index.opt.forget")),
) -> None:
    """Build or update the guidance index: only changed documents are embedded again."""
    from bot.settings import Settings
    from guidance_corpus.embeddings import make_embeddings
    from guidance_corpus.index import build_index

    settings = Settings()
    lang = settings.coach_language
    for c in corpus:
        if not c.exists():
            typer.echo(say("index.not_found", lang, path=c), err=True)
            raise typer.Exit(2)
    with _guidance_errors():
        report = build_index(settings, make_embeddings(settings), corpus, rebuild=rebuild,
                             progress=_progress_printer(lang), forget=forget)
    _print_index_report(settings, report)


def _print_index_report(settings, report) -> None:
    """What an index run did: counts on stdout, the documents it could not use on stderr."""
    lang = settings.coach_language
    typer.echo(say("index.where", lang, index=settings.index_dir, collection=report.collection))
    typer.echo(say("index.documents", lang, added=len(report.added), updated=len(report.updated),
                   unchanged=len(report.unchanged), removed=len(report.removed)))
    typer.echo(say("index.passages", lang, passages=report.passages, embedded=report.embedded,
                   seconds=f"{report.seconds:.1f}"))
    for path, error in report.failed:
        typer.echo(say("index.unreadable", lang, path=path, error=error), err=True)
    for path in report.empty:
        typer.echo(say("index.empty", lang, path=path), err=True)
    for d in report.missing_dirs:
        typer.echo(say("index.missing_dir", lang, path=d), err=True)


def search_command(
    query: str = typer.Argument(None, help=help_text("search.opt.query")),
    k: int = typer.Option(5, "-k", "--k", min=1, max=50, help=help_text("search.opt.k")),
    as_json: bool = typer.Option(False, "--json", help=help_text("search.opt.json")),
    queries: str = typer.Option(None, "--queries", help=help_text("search.opt.queries")),
) -> None:
    """Search the guide; passages with their source, best first (JSON with --json)."""
    from bot.settings import Settings
    from guidance_corpus.retrieval import open_retriever

    settings = Settings()
    lang = settings.coach_language
    if (query is None) == (queries is None):
        typer.echo(say("search.query_or_file", lang), err=True)
        raise typer.Exit(2)
    lines = _read_queries(queries, lang) if queries is not None else None
    retriever = open_retriever(settings)
    with _guidance_errors():
        _build_if_missing(settings, retriever, say("search.building", lang))
        if lines is not None:
            _search_each(retriever, lines, k=k, as_json=as_json, lang=lang)
            return
        passages = retriever.search(query, k=k)
    _print_passages(query, passages, as_json, lang)


def _print_passages(query: str, passages, as_json: bool, lang: str) -> None:
    if as_json:
        typer.echo(json.dumps([_passage_json(p) for p in passages], ensure_ascii=False))
    else:
        _print_human(query, passages, lang)


def _search_each(retriever, lines: Iterable[str], *, k: int, as_json: bool, lang: str) -> None:
    """One answer per line of --queries, each printed before the next line is read (an empty line: [])."""
    try:
        for q in lines:
            passages = retriever.search(q, k=k) if q else []
            if not as_json:
                typer.echo(f"## {q}")
            _print_passages(q, passages, as_json, lang)
    except UnicodeDecodeError as error:  # standard input that is not UTF-8
        typer.echo(say("search.stdin_not_utf8", lang), err=True)
        raise typer.Exit(2) from error


def _default_qa_files() -> list[Path]:
    """The shared development set (beside the checkout, when there) and the repository's eval/*_qa.jsonl."""
    root = Path(__file__).resolve().parents[2]
    dev = root.parent / "shared" / "eval" / "dev_qa.jsonl"
    return [p for p in (dev, *sorted((root / "eval").glob("*_qa.jsonl"))) if p.exists()]


def eval_command(
    qa: list[Path] = typer.Option([], "--qa", help=help_text("eval.opt.qa")),
    max_chars: int = typer.Option(1200, "--max-chars", help=help_text("eval.opt.max_chars")),
    k: int = typer.Option(10, "-k", help=help_text("eval.opt.k")),
    results: Path = typer.Option(None, "--results", help=help_text("eval.opt.results")),
) -> None:
    """Retrieval accuracy (R@1, R@3, R@5, MRR@10, per language) on question files with evidence."""
    from bot.settings import Settings
    from guidance_corpus.retrieval import open_retriever

    base = Settings()
    lang = base.coach_language
    files = list(qa) or _default_qa_files()
    if not files:
        typer.echo(say("eval.no_file", lang), err=True)
        raise typer.Exit(2)
    settings = _shipped_only(base)
    retriever = open_retriever(settings)
    with _guidance_errors():
        # the evaluation's own index follows the guide (nothing is embedded when it has not changed)
        _build_if_missing(settings, retriever, say("eval.building", lang, index=settings.index_dir),
                          refresh=settings is not base)
    for f in files:
        _evaluate_file(retriever, f, k=k, max_chars=max_chars, results=results, several=len(files) > 1, lang=lang)


def _evaluate_file(retriever, f: Path, *, k: int, max_chars: int, results: Path | None, several: bool,
                   lang: str) -> None:
    """Run one question file, write the run as JSONL when asked, and print its table."""
    from guidance_corpus import evaluation

    questions = evaluation.load_qa(f)
    run = evaluation.run(retriever, questions, k=k)
    if results:
        out = results.with_name(f"{results.stem}-{f.stem}.jsonl") if several else results
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run), encoding="utf-8")
    by_mode = {mode: evaluation.metrics(questions, run, mode, max_chars) for mode in ("exact", "soft")}
    typer.echo(evaluation.format_table(say("eval.table_title", lang, file=f, max_chars=max_chars), by_mode))
    empty = sum(1 for r in run if not r["passages"])
    if empty:
        typer.echo(say("eval.unanswered", lang, count=empty))
    typer.echo("")


def register(app: typer.Typer) -> None:
    app.command("index", help=help_text("index.help"))(index_command)
    app.command("search", help=help_text("search.help"))(search_command)
    app.command("eval-retrieval", help=help_text("eval.help"))(eval_command)
