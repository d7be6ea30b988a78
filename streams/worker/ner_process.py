"""The entity tagger in a child process, so that the caller's thread (the worker's event loop) runs
on while the statistical NER works.

Why: a worker process runs all its agents on one event loop. An NER batch (~40 ms an article) run on
that loop holds everything else of the process meanwhile: the single-partition dedup hop, sends and
transaction commits. With the tagger in a child process the loop only waits for the answer (a pipe
round trip), the OS scheduler shares the cores between the busy child and the mostly idle loop, and
the dedup hop is served while the NER runs.

:class:`NerProcess` is a :class:`~streams.pipeline.pipeline.BatchTagger` (``tag_batch``, blocking: used
at start-up) whose :meth:`NerProcess.tag` the agents await. The child is started with ``spawn`` (a
fork of a process with a running event loop and client threads is not safe), loads the models once,
and serves one batch at a time over a pipe. If it dies (a crash in native code, the OOM killer) or
does not answer within ``call_timeout_s`` (then it is killed), the batch in hand fails with :class:`TaggerDied` and its
articles are tried one by one (:func:`~streams.pipeline.failures.isolated`, in the calling thread), so
only an article that kills it again is rejected; the next call starts a new child. No faust, no Kafka.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from streams.entities.tagger import EntityConfig, EntityTagger
from streams.pipeline.failures import isolated
from streams.pipeline.pipeline import TagResult
from streams.records import Entity, StageError

log = logging.getLogger("newsfeed.entities")

Items = Sequence[tuple[str, str, str | None]]

# How long a new child may take to load its models and answer its first call; the models take
# ~5 s on the reference machine, more while other processes start beside it on 2 cores.
START_TIMEOUT_S = 300.0
# Longest a batch may take before the child counts as hung (killed, batch failed, a new child):
# a batch of 4 takes ~0.15 s here, and even 4 articles at the 100,000-character cap a few seconds.
CALL_TIMEOUT_S = 120.0


class TaggerDied(StageError):
    """The child process ended while tagging a batch."""

    def __init__(self, detail: str) -> None:
        super().__init__("entities_failed", f"NER process died: {detail}")


def _serve(conn: Any, config: EntityConfig) -> None:
    """The child's loop: build the tagger, then answer ``items`` with ("ok", entities) or ("err", text)."""
    # Ctrl-C reaches the whole process group: the parent shuts down in order and ends this child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    tagger = EntityTagger(config)
    conn.send(("ready", None))
    while True:
        try:
            items = conn.recv()
        except EOFError:  # the parent is gone
            return
        try:
            conn.send(("ok", tagger.tag_batch(items)))
        except Exception as exc:  # an article the tagger cannot handle: the parent rejects it
            conn.send(("err", f"{type(exc).__name__}: {exc}"))


class NerProcess:
    """An :class:`EntityTagger` in a child process (see the module docstring)."""

    def __init__(
        self,
        config: EntityConfig,
        call_timeout_s: float = CALL_TIMEOUT_S,
        on_replace: Callable[[str], None] | None = None,
    ) -> None:
        """``on_replace(reason)`` is called when a child is replaced: ``died`` or ``hung``."""
        self.config = config
        self.call_timeout_s = call_timeout_s
        self._on_replace = on_replace
        self._gone = "died"  # why the current child will be replaced, once it is gone
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        # One thread makes the calls: the pipe serves one batch at a time, in order.
        self._caller = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ner-call")
        self._start()  # at start-up: a missing model fails here, not mid-stream

    @property
    def pid(self) -> int | None:
        """The child's process id (None once closed)."""
        return self._proc.pid if self._proc is not None else None

    def tag_batch(self, items: Items) -> list[list[Entity]]:
        """Entities of each (title, text, lang), in order (blocks until the child answers)."""
        return self._caller.submit(self._call, list(items)).result()

    async def tag(self, items: Items) -> list[TagResult]:
        """Entities of each (title, text, lang), or the typed error of an article the tagger fails on,
        without blocking the running event loop."""
        batch = list(items)

        def tag_isolated() -> list[TagResult]:
            return isolated(self._call, batch, "entities")

        return await asyncio.wrap_future(self._caller.submit(tag_isolated))

    def close(self) -> None:
        """End the child (it also ends on its own when this process goes away)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            if self._proc is not None:
                self._proc.join(timeout=5)
                if self._proc.is_alive():
                    self._proc.kill()
            self._proc = self._conn = None
        self._caller.shutdown(wait=False)

    # -- internals --------------------------------------------------------------------------------
    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(child, self.config), name="newsfeed-ner", daemon=True)
        proc.start()
        child.close()
        if not parent.poll(START_TIMEOUT_S):
            proc.kill()
            raise RuntimeError(f"the NER process did not start within {START_TIMEOUT_S:.0f} s")
        try:
            kind, _ = parent.recv()
        except EOFError:
            proc.join(timeout=5)
            raise RuntimeError(f"the NER process failed to start (exit code {proc.exitcode}); see its log") from None
        assert kind == "ready"
        self._proc, self._conn = proc, parent
        log.info("NER process %d ready", proc.pid)

    def _call(self, items: Items) -> list[list[Entity]]:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                if self._proc is not None:
                    log.warning("NER process %d gone (%s, exit code %s): starting another", self._proc.pid,
                                self._gone, self._proc.exitcode)
                    if self._on_replace is not None:
                        self._on_replace(self._gone)
                self._start()
                self._gone = "died"
            try:
                self._conn.send(items)
                if not self._conn.poll(self.call_timeout_s):
                    # A hung child would stall the stream: end it; the next call starts another.
                    self._gone = "hung"
                    self._proc.kill()
                    self._proc.join(timeout=5)
                    self._conn.close()
                    raise TaggerDied(f"no answer within {self.call_timeout_s:g} s")
                kind, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                self._proc.join(timeout=5)
                detail = f"exit code {self._proc.exitcode}" if self._proc.exitcode is not None else repr(exc)
                self._conn.close()
                raise TaggerDied(detail) from None
        if kind == "err":
            raise StageError("entities_failed", str(value))
        result: list[list[Entity]] = value
        return result
