"""A real local HTTP server that speaks the OpenAI chat-completions protocol (plain and
streaming, ``/v1/chat/completions``) and Ollama's chat protocol (``/api/chat``, NDJSON
stream), standing in for an LLM server — the one boundary we do not own."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeLLMServer:
    def __init__(self) -> None:
        self.reply = "Dit is een antwoord [1]."
        # when set, the reply is computed from the request body (a model that reads its prompt)
        self.reply_fn: Callable[[dict], str] | None = None
        self.requests: list[dict] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"  # OpenAI-compatible base URL
        self.ollama_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reply_for(self, body: dict) -> str:
        return self.reply_fn(body) if self.reply_fn is not None else self.reply

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append(body)
                if self.path == "/api/chat":
                    self._ollama(body)
                    return
                if self.path == "/api/show":  # llama-index asks for the context window first
                    payload = json.dumps({"model_info": {"llama.context_length": 8192},
                                          "details": {"family": "llama"}}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if not self.path.endswith("/chat/completions"):
                    self.send_error(404)
                    return
                words = fake.reply_for(body).split(" ")
                pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for piece in pieces:
                        self._event({"choices": [{"index": 0, "delta": {"content": piece},
                                                  "finish_reason": None}]})
                    self._event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = json.dumps({
                    "id": "x", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": fake.reply_for(body)}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _ollama(self, body: dict) -> None:
                words = fake.reply_for(body).split(" ")
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                for i, w in enumerate(words):
                    piece = w + (" " if i < len(words) - 1 else "")
                    line = {"model": body.get("model"), "created_at": "2026-01-01T00:00:00Z",
                            "message": {"role": "assistant", "content": piece}, "done": False}
                    self.wfile.write((json.dumps(line) + "\n").encode())
                    self.wfile.flush()
                done = {"model": body.get("model"), "created_at": "2026-01-01T00:00:00Z",
                        "message": {"role": "assistant", "content": ""}, "done": True,
                        "done_reason": "stop", "total_duration": 1, "prompt_eval_count": 1,
                        "eval_count": 1}
                self.wfile.write((json.dumps(done) + "\n").encode())

            def _event(self, chunk: dict) -> None:
                chunk = {"id": "x", "object": "chat.completion.chunk", "created": int(time.time()),
                         "model": "fake", **chunk}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()

        return Handler
