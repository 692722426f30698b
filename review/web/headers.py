"""Security headers on every response: a CSP without inline script or style, no framing by other
sites, no MIME sniffing, no caching of staff pages, and no server name or version."""
from __future__ import annotations

from flask import Flask, Response, request

#: Pages: only this site's own scripts, styles and frames (the review page shows a PDF in an iframe).
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "object-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
#: Files and other non-HTML answers: framed by this site only (the PDF viewer needs no more).
FILE_POLICY = "frame-ancestors 'self'"
#: Pages anyone may cache: the public catalogue and static files. Everything else may show restricted titles.
CACHEABLE = ("/public", "/static/")


def secure_headers(response: Response) -> Response:
    headers = response.headers
    html = response.mimetype == "text/html"
    headers["Content-Security-Policy"] = PAGE_POLICY if html else FILE_POLICY
    headers["X-Frame-Options"] = "SAMEORIGIN"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    # The development server and gunicorn add their own name and version unless the app names itself.
    headers["Server"] = "review"
    if not request.path.startswith(CACHEABLE) and "no-store" not in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
    return response


def install(app: Flask) -> None:
    app.after_request(secure_headers)
