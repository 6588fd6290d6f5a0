"""Uploads: stored under names and types we derive from their content, never the uploader's.

Every module stores uploaded files through this module:

* ``sniff(file)`` reads the first bytes and says what the file really is (``Sniffed``: kind,
  MIME type and the extension we will store it under), whatever its name claims;
* ``image_upload(file, …)`` decodes an image with a pixel cap (decompression bombs refused before
  decoding), re-encodes it as PNG or JPEG and returns a ``ContentFile`` with a fresh name;
* ``document_upload(file, allowed=…)`` checks a non-image file's kind and size and returns it
  renamed ``<uuid>.<ext>``.

Errors are ``ValidationError``s naming the field, with codes ``too_large``, ``wrong_type``,
``too_many_pixels`` and ``unreadable``.
"""

from __future__ import annotations

import io
import uuid
import warnings
import zipfile
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from .errors import invalid

DEFAULT_MAX_PIXELS = 25_000_000  # 25 megapixels: a 5000 × 5000 photo


@dataclass(frozen=True)
class Sniffed:
    kind: (
        str  # "png", "jpeg", "gif", "webp", "pdf", "zip", "parquet", "gzip", "xml", "json", "text", "binary"
    )
    mime: str
    ext: str

    @property
    def is_image(self) -> bool:
        return self.kind in {"png", "jpeg", "gif", "webp"}


_MAGIC: list[tuple[bytes, Sniffed]] = [
    (b"\x89PNG\r\n\x1a\n", Sniffed("png", "image/png", "png")),
    (b"\xff\xd8\xff", Sniffed("jpeg", "image/jpeg", "jpg")),
    (b"GIF87a", Sniffed("gif", "image/gif", "gif")),
    (b"GIF89a", Sniffed("gif", "image/gif", "gif")),
    (b"%PDF-", Sniffed("pdf", "application/pdf", "pdf")),
    (b"PK\x03\x04", Sniffed("zip", "application/zip", "zip")),
    (b"PAR1", Sniffed("parquet", "application/vnd.apache.parquet", "parquet")),
    (b"\x1f\x8b", Sniffed("gzip", "application/gzip", "gz")),
]


def _head(file, size: int = 4096) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(size)
    file.seek(position)
    return head if isinstance(head, bytes) else head.encode()


def sniff(file) -> Sniffed:
    """What the file is, from its bytes alone."""
    head = _head(file)
    for magic, sniffed in _MAGIC:
        if head.startswith(magic):
            return sniffed
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("webp", "image/webp", "webp")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if b"\x00" in head:
        return Sniffed("binary", "application/octet-stream", "bin")
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return Sniffed("xml", "application/xml", "xml")
    if text[:1] in (b"{", b"["):
        return Sniffed("json", "application/json", "json")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return Sniffed("binary", "application/octet-stream", "bin")
    return Sniffed("text", "text/plain", "txt")


def fresh_name(ext: str, prefix: str = "") -> str:
    return f"{prefix}{uuid.uuid4().hex}.{ext}"


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, io.SEEK_END)
        size = file.tell()
        file.seek(position)
    return int(size)


def check_size(file, *, field: str, max_bytes: int) -> None:
    if _size(file) > max_bytes:
        raise invalid(
            field,
            _("The file is larger than %(mb)s MB.") % {"mb": round(max_bytes / 1024 / 1024, 1)},
            code="too_large",
        )


def image_upload(
    file,
    *,
    field: str,
    max_bytes: int = 5 * 1024 * 1024,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_side: int | None = 2048,
    prefix: str = "",
) -> ContentFile:
    """Decode, cap and re-encode an image; returns a new ``ContentFile`` named by us.

    The declared dimensions are checked before any pixel is decoded, so a small file that
    declares 40000 × 40000 pixels is refused cheaply. Transparency keeps PNG; otherwise JPEG.
    Animated images keep their first frame. Metadata (EXIF, comments) is dropped.
    """
    from PIL import Image, UnidentifiedImageError

    check_size(file, field=field, max_bytes=max_bytes)
    sniffed = sniff(file)
    if not sniffed.is_image:
        raise invalid(field, _("Upload a PNG, JPEG, GIF or WebP image."), code="wrong_type")
    file.seek(0)
    too_many = invalid(
        field,
        _("The image has too many pixels (at most %(mp)s megapixels).") % {"mp": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        file.seek(0)
        raise too_many from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        file.seek(0)
        raise invalid(field, _("The image could not be read."), code="unreadable") from exc
    try:
        with probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise too_many
            probe.load()
            image = probe.copy()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise invalid(field, _("The image could not be read."), code="unreadable") from exc
    finally:
        file.seek(0)
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side))
    has_alpha = image.mode in ("RGBA", "LA", "P") and (image.mode != "P" or "transparency" in image.info)
    out = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        ext = "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
        ext = "jpg"
    return ContentFile(out.getvalue(), name=fresh_name(ext, prefix))


def document_upload(
    file, *, field: str, allowed: set[str], max_bytes: int, prefix: str = ""
) -> tuple[Sniffed, object]:
    """Check a non-image upload's real kind (one of ``allowed``, e.g. ``{"pdf"}``) and size.

    Returns ``(sniffed, file)`` with ``file.name`` replaced by ``<uuid>.<ext>`` from the content.
    ZIP-based files are refused when their declared uncompressed size exceeds 100 × the upload or
    1 GB (archive bombs).
    """
    check_size(file, field=field, max_bytes=max_bytes)
    sniffed = sniff(file)
    if sniffed.kind not in allowed:
        raise invalid(
            field,
            _("This file type is not accepted (accepted: %(kinds)s).")
            % {"kinds": ", ".join(sorted(allowed))},
            code="wrong_type",
        )
    if sniffed.kind == "zip":
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                declared = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            raise invalid(field, _("The archive could not be read."), code="unreadable") from exc
        finally:
            file.seek(0)
        if declared > min(100 * max(_size(file), 1), 1024**3):
            raise invalid(field, _("The archive expands to too much data."), code="archive_bomb")
    file.seek(0)
    file.name = fresh_name(sniffed.ext, prefix)
    return sniffed, file
