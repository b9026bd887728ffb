"""Per-client request limits, shared by every instance through the database, and
request-body bounds."""

from __future__ import annotations

import math


class RateLimit:
    """At most ``per_minute`` requests per client in its current minute, counted in
    the database (``govqa.db.Database.hit``: one row per scope and client, its
    window starting at the client's first request, incremented by one atomic UPSERT),
    so a client cannot multiply its limit by the number of instances. The client
    (an address, an OpenID) is stored as a keyed hash."""

    def __init__(self, per_minute: int, scope: str = "ask"):
        self.per_minute = per_minute
        self.scope = scope

    def check(self, db, client: str) -> float:
        """0 when allowed, else the seconds to wait (for Retry-After). Blocking (a
        database round trip): call it off the event loop."""
        if self.per_minute <= 0:
            return 0.0
        return db.hit(self.scope, client, self.per_minute)


def app_limiter(request, name: str, per_minute: int, scope: str) -> "RateLimit":
    """The app's limiter ``name``, made on first use (one per app, counted in the database)."""
    state = request.app.state
    limiter = getattr(state, name, None)
    if limiter is None:
        limiter = RateLimit(per_minute, scope=scope)
        setattr(state, name, limiter)
    return limiter


def retry_after(seconds: float) -> str:
    return str(int(math.ceil(seconds)))


# -- request bodies ---------------------------------------------------------------------

DEFAULT_BODY_LIMIT = 256 * 1024  # a question is ≤ 500 characters, a WeChat message ≤ 64 KB
UPLOAD_OVERHEAD = 64 * 1024  # multipart framing around an upload of max_upload_bytes


class BodyLimit:
    """ASGI middleware that bounds every request body before the app reads it.

    FastAPI reads a route's body (JSON, or a multipart upload spooled to a
    temporary file) before it runs the route's dependencies, so without this a
    public POST /v1/ask of 300 MB is held in memory, and an unauthenticated
    upload of any size is spooled to disk before its 401. Here: POST
    /v1/reports checks the admin key first (api.deps.require_admin, nothing of
    the body read on a refusal) and may carry ``max_upload_bytes`` plus
    multipart framing; every other body at most ``DEFAULT_BODY_LIMIT``. Over the
    limit → 413 JSON: at once from Content-Length, or as soon as a streamed
    (chunked) body passes it.
    """

    def __init__(self, app, settings):
        self.app = app
        self.upload_limit = settings.max_upload_bytes + UPLOAD_OVERHEAD

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        from fastapi import HTTPException
        from starlette.datastructures import Headers
        from starlette.requests import Request
        from starlette.responses import JSONResponse

        headers = Headers(scope=scope)
        upload = scope["method"] == "POST" and scope["path"].rstrip("/") == "/v1/reports"
        limit = self.upload_limit if upload else DEFAULT_BODY_LIMIT
        try:
            if upload:
                from api.deps import require_admin

                require_admin(Request(scope), headers.get("authorization"))
            length = headers.get("content-length")
            if length is not None and length.strip().isdigit() and int(length) > limit:
                raise HTTPException(413, f"the request body is larger than {limit} bytes")
        except HTTPException as exc:
            await JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)(scope, receive, send)
            return

        received = 0

        async def bounded_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # surfaces as a 413 from whatever reads the body
                    raise HTTPException(413, f"the request body is larger than {limit} bytes")
            return message

        await self.app(scope, bounded_receive, send)
