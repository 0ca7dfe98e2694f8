"""Downloads under /export/: the same registry and writers as the CLI, streamed to the client.

A writer writes to a file-like object; here it runs in a worker thread writing into a bounded queue that the
response drains, so memory stays at a few chunks whatever the size of the export. The first chunk is awaited
before the response starts, so a failing export is an error status, not a truncated file.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from itertools import chain
from typing import IO, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse

from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.content.iri_base import IriBase
from crosswalk.engine.read_models import Engine
from crosswalk.exchange.exports import FORMATS, ExportContext, ExportError, Selection, get_format

CHUNK = 64 * 1024
_DONE = object()


class _QueueWriter(io.RawIOBase):
    """A binary stream whose writes become chunks on a queue; raises once the reader has gone away."""

    def __init__(self, chunks: queue.Queue[Any], stop: threading.Event) -> None:
        super().__init__()
        self._chunks, self._stop, self._buffer = chunks, stop, bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += bytes(data)
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self.put(bytes(self._buffer))
            self._buffer.clear()

    def put(self, item: object) -> None:
        while True:
            if self._stop.is_set():
                raise BrokenPipeError("the client went away")
            try:
                self._chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue


def stream(write: Callable[[IO[bytes]], None]) -> Iterator[bytes]:
    """Run ``write`` in a thread and yield what it writes, chunk by chunk."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=8)
    stop = threading.Event()
    writer = _QueueWriter(chunks, stop)

    def run() -> None:
        try:
            write(writer)  # type: ignore[arg-type]
            writer.flush()
            writer.put(_DONE)
        except BrokenPipeError:
            return
        except BaseException as error:  # handed to the reading side, which re-raises it
            try:
                writer.put(error)
            except BrokenPipeError:
                return

    thread = threading.Thread(target=run, name="crosswalk-export", daemon=True)
    thread.start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def build_export_router(get_engine: Callable[[], Engine], base: IriBase) -> APIRouter:
    """Exports read through the service's own read models (``get_engine``), never a store of their own."""
    router = APIRouter()

    @router.get("/export", summary="Export formats, mapping sets and framework versions")
    @router.get("/export/", include_in_schema=False)
    async def index() -> JSONResponse:
        ctx = ExportContext(get_engine(), base)
        sets = await run_in_threadpool(ctx.mapping_sets)
        return JSONResponse(
            {
                "formats": [
                    {"name": f.name, "mediaType": f.media_type, "extension": f.extension, "scope": f.scope,
                     "description": f.description, "href": f"/export/{f.name}"}
                    for f in FORMATS.values()
                ],
                "sets": [{"id": s.id, "iri": base.public(s.iri)} for s in sets],
                "versions": list(FRAMEWORK_VERSIONS),
                "usage": "/export/{format}?set=ID (repeatable; asserted, inferred, all), &graph=G, &version=V, "
                "&focal=object|subject",
            }
        )  # fmt: skip

    @router.get("/export/{format_name}", summary="Download mapping sets, graphs or a catalog in a standard format")
    async def download(
        format_name: str,
        set_ids: list[str] = Query(default=[], alias="set"),  # noqa: B008 -- FastAPI's declaration style
        graph: str | None = None,
        version: str | None = None,
        focal: str = "object",
    ) -> Response:
        ctx = ExportContext(get_engine(), base)
        try:
            fmt = get_format(format_name)
            scope = await run_in_threadpool(ctx.resolve, Selection(tuple(set_ids), graph, version, focal), fmt.scope)
        except ExportError as error:
            return PlainTextResponse(str(error), status_code=404)
        chunks = stream(lambda out: fmt.writer(ctx, scope, out))
        try:
            first = await run_in_threadpool(next, chunks, b"")
        except ExportError as error:
            return PlainTextResponse(str(error), status_code=400)
        name = scope.sets[0].id if len(scope.sets) == 1 else (version or "").replace("/", "-") or "crosswalk"
        headers = {"Content-Disposition": f'attachment; filename="{name}{fmt.extension}"'}
        return StreamingResponse(chain([first], chunks), media_type=fmt.media_type, headers=headers)

    return router
