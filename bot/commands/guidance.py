"""`coach index`, `coach search` and `coach eval-retrieval`: the guidance corpus from the command line.

Contract (docs/design.md): `coach search QUERY [-k N] --json` prints a JSON array, best first, of
objects with at least text, doc_id, title, locator, score; `--queries FILE` prints one such array per
line of FILE (`-` for stdin), loading the models once. Below the calibrated relevance it prints `[]`
(and in text mode says so in Swedish)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import typer

import coachtext
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
    """An unreachable Chroma server ends the command with its Swedish message, not a traceback."""
    from guidance_corpus.base import GuidanceUnavailable

    try:
        yield
    except GuidanceUnavailable as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(1) from error


def _read_queries(source: str) -> Iterable[str]:
    """The lines of a --queries file, stripped; a file that cannot be read ends the command with a
    Swedish message. Standard input ('-') is read line by line, so each answer follows its question."""
    if source == "-":
        return (line.strip() for line in sys.stdin)
    try:
        return [line.strip() for line in Path(source).read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError as error:
        typer.echo(f"Filen {source} finns inte.", err=True)
        raise typer.Exit(2) from error
    except UnicodeDecodeError as error:
        typer.echo(f"Filen {source} är inte text i UTF-8. Spara den som UTF-8 och försök igen.", err=True)
        raise typer.Exit(2) from error
    except OSError as error:  # a directory, no permission …
        typer.echo(f"Kunde inte läsa {source}: {error.strerror or error}.", err=True)
        raise typer.Exit(2) from error


def _build_if_missing(settings, retriever, message: str, *, refresh: bool = False) -> None:
    """Build the index, with `message` and progress on stderr, when it does not exist yet (or refresh
    it incrementally when `refresh`), so a first search does not sit silent for a minute."""
    missing = retriever.index_missing()
    if missing or refresh:
        from guidance_corpus.index import build_index

        if missing:
            typer.echo(message, err=True)
        build_index(settings, retriever.embeddings, progress=_progress_printer())


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
        typer.echo("Obs: indexet på Chroma-servern innehåller teamets egna dokument; siffrorna gäller "
                   "det indexet, inte bara vägledningen.", err=True)
        return settings
    typer.echo("Indexet innehåller teamets egna dokument; utvärderingen använder ett index av bara "
               "vägledningens dokument.", err=True)
    return settings.model_copy(update={"coach_data_dir": settings.coach_data_dir / "eval"})


def _progress_printer():
    state = {"last": -1}
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, title: str) -> None:
        pct = int(100 * done / total) if total else 100
        if tty:
            sys.stderr.write(f"\r  bäddar in passager {done}/{total} ({pct} %) – {title[:40]:<40}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif pct // 10 != state["last"] // 10 or done >= total:
            state["last"] = pct
            sys.stderr.write(f"  bäddar in passager {done}/{total} ({pct} %)\n")
            sys.stderr.flush()

    return progress


def register(app: typer.Typer) -> None:
    @app.command("index")
    def index_command(
        corpus: list[Path] = typer.Option([], "--corpus", help="katalog eller fil med teamets egna "
                                          "dokument (PDF, DOCX, Markdown, text); kan anges flera gånger"),
        rebuild: bool = typer.Option(False, "--rebuild", help="bygg om hela indexet från början"),
        forget: list[Path] = typer.Option([], "--forget", help="sluta indexera en tidigare angiven katalog "
                                          "(dess dokument tas bort ur indexet)"),
    ) -> None:
        """Bygger eller uppdaterar vägledningsindexet (bara ändrade dokument bäddas in på nytt)."""
        from bot.settings import Settings
        from guidance_corpus.embeddings import make_embeddings
        from guidance_corpus.index import build_index

        settings = Settings()
        for c in corpus:
            if not c.exists():
                typer.echo(f"Hittar inte {c}", err=True)
                raise typer.Exit(2)
        with _guidance_errors():
            report = build_index(settings, make_embeddings(settings), corpus, rebuild=rebuild,
                                 progress=_progress_printer(), forget=forget)
        typer.echo(f"Index: {settings.index_dir} (samling {report.collection})")
        typer.echo(f"  nya dokument: {len(report.added)}, ändrade: {len(report.updated)}, "
                   f"oförändrade: {len(report.unchanged)}, borttagna: {len(report.removed)}")
        typer.echo(f"  passager totalt: {report.passages}, inbäddade nu: {report.embedded}, "
                   f"tid: {report.seconds:.1f} s")
        for path, error in report.failed:
            typer.echo(f"  kunde inte läsa {path}: {error}", err=True)
        for path in report.empty:
            typer.echo(f"  ingen text i {path} (en skannad PDF?); den går inte att söka i", err=True)
        for d in report.missing_dirs:
            typer.echo(f"  katalogen {d} finns inte just nu; dess dokument ligger kvar i indexet. "
                       f"Ta bort den med «coach index --forget \"{d}\"».", err=True)

    @app.command("search")
    def search_command(
        query: str = typer.Argument(None, help="frågan, t.ex. \"hur formulerar vi en bra indikator?\""),
        k: int = typer.Option(5, "-k", "--k", min=1, max=50, help="antal passager"),
        as_json: bool = typer.Option(False, "--json", help="skriv JSON"),
        queries: str = typer.Option(None, "--queries", help="fil med en fråga per rad ('-' för stdin)"),
    ) -> None:
        """Söker i vägledningen och visar passager med källa (titel och bild/avsnitt/sida)."""
        from bot.settings import Settings
        from guidance_corpus.retrieval import open_retriever

        if (query is None) == (queries is None):
            typer.echo("Ange antingen en fråga eller --queries FIL.", err=True)
            raise typer.Exit(2)
        lines = _read_queries(queries) if queries is not None else None
        settings = Settings()
        retriever = open_retriever(settings)
        with _guidance_errors():
            _build_if_missing(settings, retriever, "Sökindexet finns inte ännu – bygger det nu "
                                                   "(ungefär en minut första gången) …")
            if lines is not None:
                try:
                    for q in lines:
                        passages = retriever.search(q, k=k) if q else []
                        if as_json:
                            typer.echo(json.dumps([_passage_json(p) for p in passages], ensure_ascii=False))
                        else:
                            typer.echo(f"## {q}")
                            _print_human(q, passages, settings.coach_language)
                except UnicodeDecodeError as error:  # standard input that is not UTF-8
                    typer.echo("Indata är inte text i UTF-8. Spara frågorna som UTF-8 och försök igen.", err=True)
                    raise typer.Exit(2) from error
                return
            passages = retriever.search(query, k=k)
        if as_json:
            typer.echo(json.dumps([_passage_json(p) for p in passages], ensure_ascii=False))
        else:
            _print_human(query, passages, settings.coach_language)

    @app.command("eval-retrieval")
    def eval_command(
        qa: list[Path] = typer.Option([], "--qa", help="frågefil(er) i JSONL; standard: "
                                      "../shared/eval/dev_qa.jsonl (om den finns) och eval/*_qa.jsonl"),
        max_chars: int = typer.Option(1200, "--max-chars", help="kapa passager till N tecken vid bedömning"),
        k: int = typer.Option(10, "-k", help="antal passager per fråga"),
        results: Path = typer.Option(None, "--results", help="skriv körningen som JSONL (score.py-format)"),
    ) -> None:
        """Mäter träffsäkerheten (R@1, R@3, R@5, MRR@10, per språk) på frågefiler med belägg."""
        from bot.settings import Settings
        from guidance_corpus import evaluation
        from guidance_corpus.retrieval import open_retriever

        files = list(qa)
        if not files:
            root = Path(__file__).resolve().parents[2]
            dev = root.parent / "shared" / "eval" / "dev_qa.jsonl"
            files = [p for p in (dev, *sorted((root / "eval").glob("*_qa.jsonl"))) if p.exists()]
        if not files:
            typer.echo("Ingen frågefil hittades; ange --qa.", err=True)
            raise typer.Exit(2)
        base = Settings()
        settings = _shipped_only(base)
        retriever = open_retriever(settings)
        with _guidance_errors():
            # the evaluation's own index follows the guide (nothing is embedded when it has not changed)
            _build_if_missing(settings, retriever, f"Bygger ett index av bara vägledningens dokument i "
                                                   f"{settings.index_dir} (ungefär en minut) …",
                              refresh=settings is not base)
        for f in files:
            questions = evaluation.load_qa(f)
            run = evaluation.run(retriever, questions, k=k)
            if results:
                out = results if len(files) == 1 else results.with_name(f"{results.stem}-{f.stem}.jsonl")
                out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in run), encoding="utf-8")
            by_mode = {mode: evaluation.metrics(questions, run, mode, max_chars) for mode in ("exact", "soft")}
            typer.echo(evaluation.format_table(f"{f} (passager ≤ {max_chars} tecken)", by_mode))
            empty = sum(1 for r in run if not r["passages"])
            if empty:
                typer.echo(f"({empty} frågor fick inget svar över relevansgränsen)")
            typer.echo("")
