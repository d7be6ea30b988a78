"""The worker's HTTP endpoint: ``/metrics`` (Prometheus), ``/healthz`` (liveness), ``/readyz``.

Nothing else is served (any other path is 404). Liveness fails when the event loop has not ticked
for ``stall_after_s`` (a blocked or dead loop); readiness is true only once the worker holds its
partitions, has recovered its tables and has its models loaded.
"""

from __future__ import annotations

import errno
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

# The heartbeat ticks every few seconds; a loop blocked for a minute (no tick) is not alive. A single
# NER batch takes well under a second, so this cannot fire on normal work.
STALL_AFTER_S = 60.0


class HealthState:
    """Liveness and readiness, updated from the worker's event loop, read by the HTTP thread."""

    def __init__(self, stall_after_s: float = STALL_AFTER_S) -> None:
        self.stall_after_s = stall_after_s
        self._lock = threading.Lock()
        self._beat = time.monotonic()
        self._ready = False
        self._reason = "starting"

    def beat(self) -> None:
        """The event loop is alive."""
        with self._lock:
            self._beat = time.monotonic()

    def set_ready(self, ready: bool, reason: str = "") -> None:
        """Ready to process (partitions assigned, recovery done), or why not."""
        with self._lock:
            self._ready, self._reason = ready, reason

    def live(self) -> tuple[bool, str]:
        with self._lock:
            idle = time.monotonic() - self._beat
        if idle > self.stall_after_s:
            return False, f"event loop silent for {idle:.0f} s"
        return True, "ok"

    def ready(self) -> tuple[bool, str]:
        alive, why = self.live()
        if not alive:
            return False, why
        with self._lock:
            return self._ready, ("ok" if self._ready else self._reason)


class EndpointUnavailable(RuntimeError):
    """The endpoint's address cannot be bound: a one-line message that says which setting to change."""


def endpoint_error(host: str, port: int, exc: OSError) -> EndpointUnavailable:
    """The message for a failed bind of ``host:port`` (in use, not an address of this machine, ...)."""
    if exc.errno == errno.EADDRINUSE:
        why = ("is in use (another newsfeed worker?): give each worker its own NEWSFEED_METRICS_PORT "
               "(0 disables the endpoint), or run several processes under one worker with "
               "NEWSFEED_WORKER_PROCESSES (ports NEWSFEED_METRICS_PORT + 0, 1, ...)")
    else:
        why = f"cannot be bound ({exc.strerror or exc}): check NEWSFEED_METRICS_HOST and NEWSFEED_METRICS_PORT"
    return EndpointUnavailable(f"the metrics endpoint {host}:{port} {why}")


def check_bindable(host: str, port: int) -> None:
    """Raise :class:`EndpointUnavailable` unless ``host:port`` can be bound now (as ``serve`` binds it)."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as http.server does
            sock.bind((host, port))
    except OSError as exc:
        raise endpoint_error(host, port, exc) from None


def serve(registry: CollectorRegistry, health: HealthState, host: str, port: int) -> ThreadingHTTPServer:
    """Start the endpoint in a daemon thread; returns the server (``shutdown()`` stops it).

    Raises :class:`EndpointUnavailable` when the address cannot be bound."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._send(200, generate_latest(registry), CONTENT_TYPE_LATEST)
            elif path in ("/healthz", "/livez"):
                ok, why = health.live()
                self._send(200 if ok else 503, why.encode() + b"\n")
            elif path == "/readyz":
                ok, why = health.ready()
                self._send(200 if ok else 503, why.encode() + b"\n")
            else:
                self._send(404, b"not found\n")

        def _send(self, code: int, body: bytes, ctype: str = "text/plain; charset=utf-8") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence access logs
            return

    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as exc:
        raise endpoint_error(host, port, exc) from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="newsfeed-http", daemon=True).start()
    return server
