"""The app's WSGI stack (bot.server.wsgi.build_wsgi: request log, border, bolt) served in-process for
tests, a thread per request (the standard library's WSGI server). `coach serve --http` serves the same
stack under gunicorn; tests of what the server itself does (HTTP parsing, graceful stop) start that."""

from __future__ import annotations

import threading
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

from slack_bolt import App

from bot.server.wsgi import build_wsgi


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the app logs each request)
        pass


class AppServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, app: App, host: str = "127.0.0.1", port: int = 0, **parts: Any) -> None:
        super().__init__((host, port), _Quiet)
        self.app = app  # the bolt App it serves (tests settle its pools)
        self.set_app(build_wsgi(app, **parts))

    @property
    def port(self) -> int:
        return self.server_address[1]

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.01},  # stop waits a poll
                                  daemon=True)
        thread.start()
        return thread
