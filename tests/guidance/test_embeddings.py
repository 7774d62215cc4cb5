"""Embedding backends: the deterministic fake and an OpenAI-compatible endpoint (a local fake server)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from bot.settings import Settings
from guidance_corpus.embeddings import HashingEmbeddings, OpenAICompatibleEmbeddings, make_embeddings
from guidance_corpus.index import build_index
from guidance_corpus.retrieval import HybridRetriever


def test_fake_embeddings_are_deterministic_and_normalised():
    e = HashingEmbeddings()
    a, b = e.embed_documents(["uppföljning av insatser", "recept på kanelbullar"])
    assert a == HashingEmbeddings().embed_query("uppföljning av insatser")
    assert abs(np.linalg.norm(a) - 1) < 1e-9
    assert np.dot(a, e.embed_query("uppföljningen av insatsen")) > np.dot(b, e.embed_query("uppföljningen"))


class _FakeOpenAI(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeOpenAI.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        vecs = HashingEmbeddings(64).embed_documents(inputs)
        payload = {"object": "list", "model": body["model"],
                   "data": [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vecs)]}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_openai_compatible_endpoint(tmp_path, fake_server):
    settings = Settings(_env_file=None, coach_data_dir=tmp_path, coach_embeddings="openai",
                        coach_embeddings_url=fake_server, coach_embeddings_model="e5-test",
                        coach_embeddings_api_key="hemlig")
    emb = make_embeddings(settings)
    assert isinstance(emb, OpenAICompatibleEmbeddings) and emb.key == "openai-e5-test"
    assert len(emb.embed_query("hej")) == 64
    req = _FakeOpenAI.requests[-1]
    assert req["path"] == "/v1/embeddings" and req["auth"] == "Bearer hemlig" and req["model"] == "e5-test"
    report = build_index(settings, emb)
    assert report.embedded == report.passages > 200
    hits = HybridRetriever(settings, emb, auto_build=False).search("problemträd rotorsaker", k=2)
    assert len(hits) == 2


def test_openai_backend_needs_url_and_model(tmp_path):
    with pytest.raises(ValueError, match="COACH_EMBEDDINGS_URL"):
        make_embeddings(Settings(_env_file=None, coach_data_dir=tmp_path, coach_embeddings="openai"))
