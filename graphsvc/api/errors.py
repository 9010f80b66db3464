"""One table from graphsvc errors to HTTP responses."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graphsvc.errors import GraphsvcError

log = logging.getLogger("graphsvc.api")


def install(app: FastAPI) -> None:
    @app.exception_handler(GraphsvcError)
    async def graphsvc_error(_request: Request, exc: GraphsvcError) -> JSONResponse:
        # 503 and 504 carry a reason the client can act on; other 5xx are masked.
        if exc.status_code >= 500 and exc.status_code not in (503, 504):
            log.error("internal error: %s", exc)
            return JSONResponse({"error": "internal", "message": "internal error"}, 500)
        if exc.detail or exc.public_message != str(exc):
            log.warning("%s: %s", exc.code, exc.logged)
        return JSONResponse({"error": exc.code, "message": exc.public_message}, exc.status_code)
