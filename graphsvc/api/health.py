"""GET /healthz: is Neo4j reachable, and which version is it."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from graphsvc import __version__
from graphsvc.api.deps import RepoDep
from graphsvc.errors import DatabaseUnavailable

log = logging.getLogger("graphsvc.db")
router = APIRouter()


@router.get("/healthz", tags=["health"])
async def healthz(repo: RepoDep) -> JSONResponse:
    body: dict[str, Any] = {"service": "graphsvc", "version": __version__}
    try:
        info = await repo.server_info()
    except DatabaseUnavailable as exc:
        log.warning("Neo4j unavailable: %s", exc)  # the URI and user stay in the log
        body |= {
            "status": "unavailable",
            "neo4j": {"reachable": False, "reason": exc.public_message},
        }
        return JSONResponse(body, status_code=503)
    body |= {"status": "ok", "neo4j": {"reachable": True, **info}}
    return JSONResponse(body)
