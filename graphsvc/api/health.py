"""GET /healthz: is Neo4j reachable, and which version is it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from graphsvc import __version__
from graphsvc.api.deps import RepoDep
from graphsvc.errors import DatabaseUnavailable

router = APIRouter()


@router.get("/healthz", tags=["health"])
async def healthz(repo: RepoDep) -> JSONResponse:
    body: dict[str, Any] = {"service": "graphsvc", "version": __version__}
    try:
        info = await repo.server_info()
    except DatabaseUnavailable as exc:
        body |= {"status": "unavailable", "neo4j": {"reachable": False, "reason": str(exc)}}
        return JSONResponse(body, status_code=503)
    body |= {"status": "ok", "neo4j": {"reachable": True, **info}}
    return JSONResponse(body)
