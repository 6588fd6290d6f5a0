"""User media (logos, decks, attachments, data files) served by us, never as a script.

Only public media (``PUBLIC_PREFIXES``: organisation logos and news images) is served at the raw
media route. Private files (grant attachments, pitch decks, data hub files, review PDFs) are
answered "not found" there, even to someone holding their path: each is served by its module's
view, after that module's access check, through ``serve_file``.

Every response says what the stored file is from the extension we chose when storing it
(``core.uploads``), never what a browser might sniff: ``X-Content-Type-Options: nosniff``, a
sandboxing ``Content-Security-Policy``, and ``Content-Disposition: attachment`` for anything that
is not a raster image. Paths that leave the media root are refused (404). With ``CORRIDOR_MEDIA_URL``
set to another origin (``https://media.example/``) pages link there; that origin serves the same
view at the same path.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "txt": "text/plain",
    "json": "application/json",
    "jsonl": "application/json",
    "xml": "application/xml",
    "zip": "application/zip",
    "gz": "application/gzip",
    "parquet": "application/vnd.apache.parquet",
}
MEDIA_CSP = "default-src 'none'; sandbox"
#: Stored under these prefixes a file is public, served by the raw media route.
PUBLIC_PREFIXES = ("logos/", "news/")


def media_prefix() -> str:
    """The path part of ``MEDIA_URL`` without its slashes (``media`` for ``/media/``)."""
    return urlsplit(settings.MEDIA_URL).path.strip("/")


def safe_path(path: str) -> str:
    """The normalised relative path, or ``Http404`` for anything that could leave the media root."""
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        raise Http404
    normal = posixpath.normpath(path)
    if normal != path.rstrip("/") or normal.startswith("..") or normal in {".", ""}:
        raise Http404
    if any(part in {"..", "."} or part.startswith(".") for part in normal.split("/")):
        raise Http404
    return normal


def content_type(path: str) -> tuple[str, bool]:
    """``(MIME type, is_image)`` from the stored extension; unknown ones are opaque bytes."""
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if ext in IMAGE_TYPES:
        return IMAGE_TYPES[ext], True
    return DOCUMENT_TYPES.get(ext, "application/octet-stream"), False


def _safe_headers(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


def serve(request, path: str):
    """The raw media route: public media only (``PUBLIC_PREFIXES``); anything else is missing."""
    path = safe_path(path)
    if not path.startswith(PUBLIC_PREFIXES):
        raise Http404
    try:
        if not default_storage.exists(path):
            raise Http404
        handle = default_storage.open(path, "rb")
    except (SuspiciousFileOperation, OSError, ValueError) as exc:
        raise Http404 from exc
    mime, is_image = content_type(path)
    response = FileResponse(
        handle,
        content_type=mime,
        as_attachment=not is_image,
        filename=posixpath.basename(path),
    )
    response["Cache-Control"] = "private, max-age=3600"
    return _safe_headers(response)


def download_response(handle, *, filename: str) -> FileResponse:
    """An open private file as a download (never a page), typed by ``filename``'s extension, kept
    out of shared caches, with the sandboxing headers. Callers have checked access first."""
    mime, _is_image = content_type(filename)
    response = FileResponse(handle, content_type=mime, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return _safe_headers(response)


def serve_file(fieldfile, *, filename: str) -> FileResponse:
    """A private stored file, after the caller's access check (``download_response``). The
    offered ``filename`` keeps the stored extension; a missing file is ``Http404``."""
    if not fieldfile:
        raise Http404
    try:
        handle = fieldfile.open("rb")
    except (SuspiciousFileOperation, OSError, ValueError) as exc:
        raise Http404 from exc
    ext = fieldfile.name.rsplit(".", 1)[-1].lower() if "." in fieldfile.name.rsplit("/", 1)[-1] else "bin"
    return download_response(handle, filename=f"{filename}.{ext}")
