"""GET /audit: recent audit entries, newest first, for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse

from graphsvc import auth
from graphsvc.api.deps import RepoDep

router = APIRouter(tags=["audit"])


@router.get("/audit", summary="Audit log (admin)")
async def audit_log(
    repo: RepoDep,
    x_api_key: Annotated[str | None, Header(description="An admin API key")] = None,
    limit: Annotated[int, Query(ge=1, le=auth.MAX_AUDIT_PAGE)] = 50,
    cursor: Annotated[str | None, Query(description="'next' of the previous page")] = None,
) -> JSONResponse:
    await auth.require_role(repo, x_api_key, "admin")
    entries, following = await auth.list_audit(repo, limit, cursor)
    return JSONResponse({"entries": entries, "next": following, "limit": limit})
