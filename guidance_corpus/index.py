"""The guidance index under ``Settings.index_dir``: passages (JSON lines, for BM25 and citations),
a manifest of indexed documents with content hashes (so only changed documents are re-embedded), and
their embeddings in ChromaDB through langchain-chroma — embedded (persistent, on disk) by default, or
a Chroma server when ``chroma_host`` is set."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from guidance_corpus import flow_questions
from guidance_corpus.base import GuidanceUnavailable
from guidance_corpus.chunking import CHUNKER_VERSION, Chunk, chunk_document
from guidance_corpus.documents import (
    content_hash,
    discover,
    load_document,
    shipped_corpus_dir,
    slug,
)
from guidance_corpus.gate import Background, is_calibrated

MANIFEST_VERSION = 1
EMBED_BATCH = 16

Progress = Callable[[int, int, str], None]  # (passages done, passages to embed, document title)


def collection_name(embeddings: Embeddings) -> str:
    key = getattr(embeddings, "key", type(embeddings).__name__.lower())
    name = f"guidance-{key}-c{CHUNKER_VERSION}"
    return "".join(c if c.isalnum() or c in "._-" else "-" for c in name)[:500]


def window_collection_name(embeddings: Embeddings) -> str:
    """The collection of the passages' retrieval windows (``Chunk.windows``), beside the passages'."""
    return collection_name(embeddings)[:490] + "-windows"


def chroma_client(settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                       settings=chroma_settings)
        except Exception as exc:  # chromadb raises ValueError, httpx errors …: all mean "not reachable"
            raise server_unreachable(settings) from exc
    path = Path(settings.index_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def server_unreachable(settings) -> GuidanceUnavailable:
    return GuidanceUnavailable(
        f"Vägledningens sökindex på Chroma-servern {settings.chroma_host}:{settings.chroma_port} svarar inte. "
        "Kontrollera att servern är igång, eller ta bort CHROMA_HOST för att använda det inbyggda indexet.")


def server_down(settings) -> bool:
    """True when a Chroma server is configured and does not answer its heartbeat."""
    if not settings.chroma_host:
        return False
    try:
        chroma_client(settings).heartbeat()
    except Exception:
        return True
    return False


@contextmanager
def reachable(settings):
    """Chroma calls inside: a failure while the configured server does not answer becomes
    GuidanceUnavailable (its Swedish message); any other failure is raised as it is."""
    try:
        yield
    except GuidanceUnavailable:
        raise
    except Exception as exc:
        if not server_down(settings):
            raise
        raise server_unreachable(settings) from exc


def vector_store(settings, embeddings: Embeddings, name: str | None = None, client=None):
    from langchain_chroma import Chroma

    return Chroma(collection_name=name or collection_name(embeddings), embedding_function=embeddings,
                  client=client or chroma_client(settings), collection_metadata={"hnsw:space": "cosine"})


@dataclass
class IndexFiles:
    root: Path

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def passages(self) -> Path:
        return self.root / "passages.jsonl"

    def exists(self) -> bool:
        return self.manifest.exists() and self.passages.exists()

    def read_manifest(self) -> dict:
        return json.loads(self.manifest.read_text(encoding="utf-8"))

    def read_passages(self) -> list[Chunk]:
        with self.passages.open(encoding="utf-8") as f:
            return [Chunk(**json.loads(line)) for line in f if line.strip()]

    def write(self, manifest: dict, chunks: Iterable[Chunk]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.passages.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        os.replace(tmp, self.passages)
        tmp = self.manifest.with_suffix(".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, self.manifest)


def index_files(settings, embeddings: Embeddings) -> IndexFiles:
    return IndexFiles(Path(settings.index_dir) / collection_name(embeddings))


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)         # read, but no text (a scanned PDF?)
    missing_dirs: list[str] = field(default_factory=list)  # remembered folders not found; documents kept
    passages: int = 0
    embedded: int = 0
    windows_embedded: int = 0  # retrieval windows (small-to-big) of the embedded passages
    seconds: float = 0.0
    collection: str = ""


def _assign_ids(files: list[tuple[Path, bool]], known: dict[str, str] | None = None,
                reserved: set[str] | frozenset[str] = frozenset()) -> list[tuple[str, Path]]:
    """Document ids: the shipped corpus keeps its front-matter ids; a team's file keeps the id it had
    (`known`: path → id), a new one gets a slug of the file name, made unique with a short hash of the
    path when the name is taken (also by a `reserved` id: a document kept while its folder is away)."""
    known = known or {}
    out: list[tuple[str, Path]] = []
    seen: set[str] = set(reserved) | {known[str(p)] for p, shipped in files if not shipped and str(p) in known}
    for path, shipped in files:
        if shipped:
            doc_id = load_document(path).doc_id
        elif str(path) in known:
            doc_id = known[str(path)]
        else:
            doc_id = slug(path.stem)
            if doc_id in seen or doc_id.isdigit():
                import hashlib

                doc_id = f"{doc_id}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        seen.add(doc_id)
        out.append((doc_id, path))
    return out


@contextmanager
def build_lock(settings) -> Iterator[None]:
    """One build at a time per index directory: the gunicorn workers and replicas sharing it (and a
    `coach index` meanwhile) wait for the one building, then find the index current and only load it."""
    import fcntl

    root = Path(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".build.lock", "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build_index(settings, embeddings: Embeddings, corpora: Iterable[Path] = (), *, rebuild: bool = False,
                progress: Progress | None = None, include_shipped: bool = True,
                forget: Iterable[Path] = ()) -> IndexReport:
    """Build or refresh the index (under `build_lock`): see `_build_index`."""
    with build_lock(settings):
        return _build_index(settings, embeddings, corpora, rebuild=rebuild, progress=progress,
                            include_shipped=include_shipped, forget=forget)


def _build_index(settings, embeddings: Embeddings, corpora: Iterable[Path] = (), *, rebuild: bool = False,
                 progress: Progress | None = None, include_shipped: bool = True,
                 forget: Iterable[Path] = ()) -> IndexReport:
    """Build or refresh the index: new and changed documents are (re-)embedded, unchanged ones kept,
    documents whose files are gone removed. Corpus directories are remembered for the next run; a
    remembered directory that is missing (an unmounted share) keeps its documents until it is
    forgotten with `forget`."""
    t0 = time.perf_counter()
    files = index_files(settings, embeddings)
    name = collection_name(embeddings)
    store = vector_store(settings, embeddings, name)
    wstore = vector_store(settings, embeddings, window_collection_name(embeddings), client=store._client)
    old_manifest, old_chunks = _previous_index(files, rebuild)
    if rebuild:
        store.reset_collection()
        wstore.reset_collection()
    team_dirs = _team_dirs(files, old_manifest, corpora, forget, rebuild)
    old_docs = (old_manifest or {}).get("docs", {})
    listed, missing = _listed_files(team_dirs, old_docs, include_shipped)
    kept = {doc_id for doc_id, prev in old_docs.items()
            if any(Path(prev.get("path", "")).is_relative_to(d) for d in missing)}
    docs = _assign_ids(listed, {prev["path"]: doc_id for doc_id, prev in old_docs.items() if prev.get("path")},
                       kept)
    shipped = {p for p, is_shipped in listed if is_shipped}
    if old_manifest and _store_lost_data(store, wstore, old_docs):
        old_docs = {}  # a wiped server, a deleted directory: embed everything again
    refresh = _Refresh(IndexReport(collection=name, missing_dirs=[str(d) for d in missing]), old_chunks)
    for doc_id, path in docs:
        refresh.document(doc_id, path, old_docs.get(doc_id), shipped=path in shipped)
    refresh.drop_gone(old_docs, kept, store, wstore)
    refresh.embed(store, wstore, progress)
    refresh.report.passages = len(refresh.all_chunks)
    files.write(_manifest(name, embeddings, team_dirs, refresh.new_docs), refresh.all_chunks)
    if is_calibrated(embeddings):  # the no-result gate's background, embedded now rather than at first search
        Background(embeddings, files.root).prepare()
    refresh.report.seconds = time.perf_counter() - t0
    return refresh.report


def _manifest(name: str, embeddings: Embeddings, team_dirs: list[Path], docs: dict[str, dict]) -> dict:
    return {"version": MANIFEST_VERSION, "collection": name, "embeddings": getattr(embeddings, "key", ""),
            "chunker": CHUNKER_VERSION, "corpora": [str(d) for d in team_dirs], "docs": docs,
            "updated_at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def _previous_index(files: IndexFiles, rebuild: bool) -> tuple[dict | None, dict[str, list[Chunk]]]:
    """The manifest and the passages (by document) of the index as it is; none when rebuilding."""
    old_manifest = files.read_manifest() if files.exists() and not rebuild else None
    old_chunks: dict[str, list[Chunk]] = {}
    if old_manifest:
        for c in files.read_passages():
            old_chunks.setdefault(c.doc_id, []).append(c)
    return old_manifest, old_chunks


def _team_dirs(files: IndexFiles, old_manifest: dict | None, corpora: Iterable[Path], forget: Iterable[Path],
               rebuild: bool) -> list[Path]:
    """The teams' corpus directories: those remembered (also across a rebuild) and the new ones, once each,
    less the forgotten."""
    remembered = [Path(p) for p in (old_manifest or {}).get("corpora", [])]
    if rebuild and files.exists():
        remembered = [Path(p) for p in files.read_manifest().get("corpora", [])]
    forgotten = {Path(f).resolve() for f in forget}
    team_dirs: list[Path] = []
    for d in [*remembered, *[Path(c).resolve() for c in corpora]]:
        if d not in team_dirs and d not in forgotten:
            team_dirs.append(d)
    return team_dirs


def _listed_files(team_dirs: list[Path], old_docs: dict, include_shipped: bool
                  ) -> tuple[list[tuple[Path, bool]], list[Path]]:
    """The files to index, each with whether it is shipped; and the team directories that held documents
    but show none now (gone, or an unmounted share's empty mount point)."""
    listed: list[tuple[Path, bool]] = []
    if include_shipped:
        listed += [(p, True) for p in discover(shipped_corpus_dir())]
    missing: list[Path] = []
    for d in team_dirs:
        found = [(p.resolve(), False) for p in discover(d)] if d.exists() else []
        had = any(Path(prev.get("path", "")).is_relative_to(d) for prev in old_docs.values())
        if not found and had:
            missing.append(d)
        listed += found
    return listed, missing


def _store_lost_data(store, wstore, old_docs: dict) -> bool:
    """True when the vector store does not hold the passages and windows the manifest lists."""
    expected = sum(len(v.get("chunks", [])) for v in old_docs.values())
    expected_w = sum(int(v.get("windows", -1)) for v in old_docs.values())
    try:
        actual = store._collection.count()
        actual_w = wstore._collection.count()
    except Exception:  # noqa: BLE001
        actual = actual_w = -1
    return actual != expected or actual_w != expected_w


def _document_hash(path: Path, doc_id: str, shipped: bool) -> str:
    digest = content_hash(path) + f":c{CHUNKER_VERSION}"
    if shipped and (fp := flow_questions.fingerprint(doc_id)):
        digest += f":q{fp}"  # the flow's questions are in the windows: a changed flow re-embeds
    return digest


def _read_chunks(path: Path, doc_id: str, shipped: bool):
    """The document and its passages (a shipped one's windows carry the flow's questions)."""
    doc = load_document(path, doc_id=doc_id)
    doc.doc_id = doc_id
    chunks = chunk_document(doc)
    if shipped:
        flow_questions.expand(doc_id, chunks)
    return doc, chunks


@dataclass
class _Refresh:
    """One refresh of the index: the manifest's documents, all passages and what is to be embedded."""

    report: IndexReport
    old_chunks: dict[str, list[Chunk]]
    new_docs: dict[str, dict] = field(default_factory=dict)
    all_chunks: list[Chunk] = field(default_factory=list)
    to_embed: list[tuple[str, list[Chunk], list[str]]] = field(default_factory=list)  # (doc_id, chunks, old ids)

    def keep(self, doc_id: str, prev: dict) -> None:
        self.new_docs[doc_id] = prev
        self.all_chunks += self.old_chunks.get(doc_id, [])

    def document(self, doc_id: str, path: Path, prev: dict | None, *, shipped: bool) -> None:
        """An unchanged document is kept; a new or changed one is read and queued for embedding."""
        digest = _document_hash(path, doc_id, shipped)
        if prev and prev.get("hash") == digest and (doc_id in self.old_chunks or not prev.get("chunks")):
            self.keep(doc_id, prev)
            self.report.unchanged.append(doc_id)
            return
        try:
            doc, chunks = _read_chunks(path, doc_id, shipped)
        except Exception as error:  # noqa: BLE001 - one broken file must not stop the others
            self.report.failed.append((str(path), f"{type(error).__name__}: {error}"))
            if prev:
                self.keep(doc_id, prev)
            return
        if not chunks:
            self.report.empty.append(str(path))
        self.new_docs[doc_id] = {"path": str(path), "hash": digest, "title": doc.title,
                                 "chunks": [c.id for c in chunks], "windows": sum(len(c.windows()) for c in chunks)}
        self.all_chunks += chunks
        self.to_embed.append((doc_id, chunks, list(prev.get("chunks", [])) if prev else []))
        (self.report.updated if prev else self.report.added).append(doc_id)

    def drop_gone(self, old_docs: dict, kept: set[str], store, wstore) -> None:
        """Documents no longer listed are removed from the store, unless their folder is only away."""
        for doc_id, prev in old_docs.items():
            if doc_id in self.new_docs:
                continue
            if doc_id in kept:
                self.keep(doc_id, prev)  # its folder is not there right now: keep it, the report says so
                continue
            self.report.removed.append(doc_id)
            if prev.get("chunks"):
                store.delete(ids=list(prev["chunks"]))
            wstore._collection.delete(where={"doc_id": doc_id})

    def embed(self, store, wstore, progress: Progress | None) -> None:
        """Embed the queued documents' passages and their retrieval windows, replacing their old ones."""
        total = sum(len(c) for _, c, _ in self.to_embed)
        done = 0
        for doc_id, chunks, old_ids in self.to_embed:
            if old_ids:
                store.delete(ids=old_ids)
            wstore._collection.delete(where={"doc_id": doc_id})
            for i in range(0, len(chunks), EMBED_BATCH):
                batch = chunks[i:i + EMBED_BATCH]
                self.report.windows_embedded += _add_batch(store, wstore, batch)
                done += len(batch)
                if progress:
                    progress(done, total, batch[0].title)
        self.report.embedded = done


def _add_batch(store, wstore, batch: list[Chunk]) -> int:
    """Add one batch of passages and their windows to the stores; the number of windows added."""
    store.add_texts(texts=[c.index_text() for c in batch],
                    metadatas=[{"doc_id": c.doc_id, "title": c.title, "locator": c.locator} for c in batch],
                    ids=[c.id for c in batch])
    wins = [(c, j, w) for c in batch for j, w in enumerate(c.windows())]
    for k in range(0, len(wins), EMBED_BATCH * 2):
        part = wins[k:k + EMBED_BATCH * 2]
        wstore.add_texts(texts=[w for _, _, w in part],
                         metadatas=[{"doc_id": c.doc_id, "chunk_id": c.id} for c, _, _ in part],
                         ids=[f"{c.id}#w{j}" for c, j, _ in part])
    return len(wins)
