"""Incremental indexing: only new and changed documents are embedded; the index survives restarts."""

from __future__ import annotations

from pathlib import Path

from guidance_corpus.index import build_index, index_files, window_collection_name
from guidance_corpus.retrieval import HybridRetriever


def test_incremental_indexing(settings, fake_embeddings, team_dir: Path):
    first = build_index(settings, fake_embeddings, [team_dir])
    assert set(first.added) == {"000", "001", "002", "003", "004", "lokal-plan", "anteckningar"}
    assert first.embedded == first.passages
    assert first.windows_embedded >= first.passages
    assert len(fake_embeddings.documents) == first.passages + first.windows_embedded
    assert (settings.index_dir / "chroma").is_dir()

    fake_embeddings.documents.clear()
    again = build_index(settings, fake_embeddings)  # the team directory is remembered
    assert again.embedded == 0 and fake_embeddings.documents == []
    assert len(again.unchanged) == 7 and again.passages == first.passages

    plan = team_dir / "lokal-plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n## Läxhjälp\n\nLäxhjälp på biblioteket "
                    "varje tisdag.\n", encoding="utf-8")
    changed = build_index(settings, fake_embeddings)
    assert changed.updated == ["lokal-plan"] and len(changed.unchanged) == 6
    plan_chunks = [c for c in index_files(settings, fake_embeddings).read_passages() if c.doc_id == "lokal-plan"]
    expected = {c.index_text() for c in plan_chunks} | {w for c in plan_chunks for w in c.windows()}
    assert fake_embeddings.documents and set(fake_embeddings.documents) == expected

    (team_dir / "anteckningar.txt").unlink()
    removed = build_index(settings, fake_embeddings)
    assert removed.removed == ["anteckningar"]
    ids = {c.doc_id for c in index_files(settings, fake_embeddings).read_passages()}
    assert "anteckningar" not in ids
    retriever = HybridRetriever(settings, fake_embeddings).load()
    store_ids = retriever.store.get()["ids"]
    assert not [i for i in store_ids if i.startswith("anteckningar:")]
    window_ids = retriever.store._client.get_collection(window_collection_name(fake_embeddings)).get()["ids"]
    assert window_ids and not [i for i in window_ids if i.startswith("anteckningar:")]
    # every passage is scored through its windows
    assert set(retriever._wchunk.tolist()) == set(range(len(retriever.chunks)))


def test_rebuild_and_restart(settings, fake_embeddings, team_dir: Path):
    build_index(settings, fake_embeddings, [team_dir])
    fake_embeddings.documents.clear()
    rebuilt = build_index(settings, fake_embeddings, rebuild=True)
    assert rebuilt.embedded == rebuilt.passages and "lokal-plan" in rebuilt.added
    # a fresh process: a new retriever reads the same index without embedding anything
    fake_embeddings.documents.clear()
    r = HybridRetriever(settings, fake_embeddings, auto_build=False)
    hits = r.search("nattvandring i centrum fredagar", k=3)
    assert hits and hits[0].doc_id == "lokal-plan"
    assert fake_embeddings.documents == []


def test_lost_vector_store_is_refilled(settings, fake_embeddings):
    first = build_index(settings, fake_embeddings)
    HybridRetriever(settings, fake_embeddings).load().store.reset_collection()
    again = build_index(settings, fake_embeddings)
    assert again.embedded == first.passages


def test_lost_windows_are_refilled(settings, fake_embeddings):
    first = build_index(settings, fake_embeddings)
    store = HybridRetriever(settings, fake_embeddings).load().store
    store._client.delete_collection(window_collection_name(fake_embeddings))
    again = build_index(settings, fake_embeddings)
    assert again.embedded == first.passages and again.windows_embedded == first.windows_embedded


def test_a_missing_team_folder_keeps_its_documents_until_forgotten(settings, fake_embeddings, team_dir: Path):
    build_index(settings, fake_embeddings, [team_dir])
    moved = team_dir.with_name("utlånad")
    team_dir.rename(moved)  # an unmounted share
    away = build_index(settings, fake_embeddings)
    assert away.removed == [] and away.missing_dirs == [str(team_dir.resolve())]
    assert {"lokal-plan", "anteckningar"} <= {c.doc_id for c in index_files(settings, fake_embeddings).read_passages()}
    moved.rename(team_dir)
    back = build_index(settings, fake_embeddings)
    assert back.embedded == 0 and back.missing_dirs == []
    forgotten = build_index(settings, fake_embeddings, forget=[team_dir])
    assert sorted(forgotten.removed) == ["anteckningar", "lokal-plan"]
    assert build_index(settings, fake_embeddings).removed == []  # not remembered any more


def test_an_empty_document_is_reported_once_and_then_unchanged(settings, fake_embeddings, tmp_path: Path):
    team = tmp_path / "tomt"
    team.mkdir()
    (team / "tom.md").write_text("", encoding="utf-8")
    first = build_index(settings, fake_embeddings, [team], include_shipped=False)
    assert first.empty == [str((team / "tom.md").resolve())]
    again = build_index(settings, fake_embeddings, include_shipped=False)
    assert again.unchanged == ["tom"] and again.updated == [] and again.empty == []


def test_a_kept_document_keeps_its_id_when_a_namesake_appears(settings, fake_embeddings, tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "plan.md").write_text("# Plan A\n\nNattvandring i centrum.\n", encoding="utf-8")
    (b / "plan.md").write_text("# Plan B\n\nLäxhjälp på biblioteket.\n", encoding="utf-8")
    build_index(settings, fake_embeddings, [a, b], include_shipped=False)
    ids = {c.doc_id: c.title for c in index_files(settings, fake_embeddings).read_passages()}
    assert sorted(ids.values()) == ["Plan A", "Plan B"]
    for f in a.iterdir():  # an unmounted share: the mount point is there, empty
        f.unlink()
    away = build_index(settings, fake_embeddings, include_shipped=False)
    assert away.missing_dirs == [str(a.resolve())] and away.removed == [] and away.updated == []
    after = {c.doc_id: c.title for c in index_files(settings, fake_embeddings).read_passages()}
    assert after == ids  # Plan B did not take Plan A's id
