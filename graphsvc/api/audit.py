"""GET /audit: recent audit entries, newest first, for admins.

Each entry: id, at, actor (key id or "cli:<user>"), actor_name, origin, action,
detail, and before and after (what the write changed; null where nothing was).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from graphsvc import auth
from graphsvc.api.deps import RepoDep

router = APIRouter(tags=["audit"])


@router.get("/audit", summary="Audit log (admin)")
async def audit_log(
    request: Request,
    repo: RepoDep,
    x_api_key: Annotated[str | None, Header(description="An admin API key")] = None,
    limit: Annotated[int, Query(ge=1, le=auth.MAX_AUDIT_PAGE)] = 50,
    cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
) -> JSONResponse:
    origin = auth.http_origin(
        request.client.host if request.client else None, request.headers.get("user-agent")
    )
    await auth.require_role(repo, x_api_key, "admin", action="audit.list", origin=origin)
    entries, following = await auth.list_audit(repo, limit, cursor)
    return JSONResponse({"entries": entries, "next": following, "limit": limit})
