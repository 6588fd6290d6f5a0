"""Issue 17 item 1: uploaded files never run as scripts on our origin.

Every upload is stored under a name and extension derived from its content (``core.uploads``),
and user media is served by ``core.media`` with ``nosniff``, a sandbox CSP and ``attachment`` for
anything that is not an image, refusing paths that leave the media root.
"""

import io
import struct
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from corridor.core.media import MEDIA_CSP
from tests.api_errors import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def gif_js_polyglot() -> bytes:
    """A real 1×1 GIF followed by JavaScript: browsers run it if served as a script."""
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), (0, 0, 0)).save(buf, format="GIF")
    return buf.getvalue() + b"\n;alert(document.domain)//"


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width × height`` pixels (118 bytes or so)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def hundred_megapixel_png() -> bytes:
    """A real 10 000 × 10 000 bilevel PNG: a few kilobytes that decode to 100 megapixels."""
    buf = io.BytesIO()
    Image.new("1", (10_000, 10_000), 0).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def patch_logo(personas, login, name: str, data: bytes, content_type="image/png"):
    c = login(personas.alice)
    upload = SimpleUploadedFile(name, data, content_type=content_type)
    return c.patch(
        "/api/organisations/alpha-logistics/",
        data=_multipart({"logo": upload}),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )


def _multipart(files: dict) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", files)


def test_gif_js_polyglot_named_js_is_reencoded_and_served_as_image(personas, login):
    r = patch_logo(personas, login, "x.js", gif_js_polyglot(), content_type="text/javascript")
    assert r.status_code == 200, r.content
    personas.org_a.refresh_from_db()
    name = personas.org_a.logo.name
    assert name.rsplit(".", 1)[-1] in {"png", "jpg"}, name
    stored = default_storage.open(name).read()
    assert b"alert" not in stored
    served = Client().get(personas.org_a.logo.url)
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == MEDIA_CSP


def test_html_upload_is_refused_naming_the_field(personas, login):
    html = b"<html><script src='/media/logos/x.js'></script></html>"
    r = patch_logo(personas, login, "page.html", html, content_type="text/html")
    assert r.status_code == 400
    assert "logo" in error_codes(r)
    personas.org_a.refresh_from_db()
    assert not personas.org_a.logo


def test_png_declaring_40000_squared_is_400_naming_the_field(personas, login):
    data = png_declaring(40_000, 40_000)
    assert len(data) < 130
    r = patch_logo(personas, login, "tiny.png", data)
    assert r.status_code == 400
    assert "logo" in error_codes(r)


def test_hundred_megapixel_bomb_is_refused(personas, login):
    r = patch_logo(personas, login, "bomb.png", hundred_megapixel_png())
    assert r.status_code == 400
    assert error_codes(r)["logo"] in (["too_many_pixels"], ["unreadable"])
    personas.org_a.refresh_from_db()
    assert not personas.org_a.logo


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("logos/evil.js", "application/octet-stream"),
        ("logos/evil.html", "application/octet-stream"),
        ("logos/evil.svg", "application/octet-stream"),
        ("news/deck.pdf", "application/pdf"),
    ],
)
def test_non_images_are_downloads_never_pages_or_scripts(db, name, content_type):
    """Even a file stored before this fix with a dangerous extension is a sandboxed download."""
    stored = default_storage.save(name, ContentFile(b"<script>alert(1)</script>"))
    r = Client().get(f"/media/{stored}")
    assert r.status_code == 200
    assert r["Content-Type"] == content_type
    assert r["Content-Disposition"].startswith("attachment")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Security-Policy"] == MEDIA_CSP


@pytest.mark.parametrize(
    "name",
    [
        "grants/1/0123456789abcdef.pdf",
        "exchange/decks/1-0123456789abcdef.pdf",
        "datahub/1/trade.csv",
        "reviews/x.pdf",
    ],
)
def test_private_files_are_missing_at_the_raw_media_route(db, name):
    """Grant attachments, pitch decks, data hub files and review PDFs are served only by their
    module's access-checked view: holding the stored path gives nothing."""
    stored = default_storage.save(name, ContentFile(b"%PDF-1.4 SECRET"))
    try:
        r = Client().get(f"/media/{stored}")
        assert r.status_code == 404
        assert b"SECRET" not in b"".join(getattr(r, "streaming_content", [r.content]))
    finally:
        default_storage.delete(stored)


def test_images_are_inline(db):
    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, format="PNG")
    stored = default_storage.save("logos/ok.png", ContentFile(buf.getvalue()))
    r = Client().get(f"/media/{stored}")
    assert r.status_code == 200
    assert r["Content-Type"] == "image/png"
    assert r["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/logos/..%2f..%2fsecret.txt",
        "/media/logos/%5c..%5csecret.txt",
        "/media/.hidden",
        "/media/missing.png",
    ],
)
def test_path_traversal_is_404(db, settings, tmp_path, path):
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "media").mkdir(exist_ok=True)
    (tmp_path / "media" / ".hidden").write_text("secret")
    r = Client().get(path)
    assert r.status_code == 404
    assert b"secret" not in b"".join(getattr(r, "streaming_content", [r.content]))


def test_separate_media_origin(settings, personas):
    """An absolute MEDIA_URL is used as is: pages link to the other origin."""
    settings.MEDIA_URL = "https://media.corridor.example/media/"
    personas.org_a.logo.name = "logos/a.png"
    assert personas.org_a.logo.url == "https://media.corridor.example/media/logos/a.png"


def test_urls_do_not_use_django_static_serve():
    from django.urls import resolve

    from corridor.core import views

    assert resolve("/media/logos/a.png").func is views.media


def test_grant_and_exchange_uploads_are_renamed_from_content():
    """Service-level: document_upload renames to <uuid>.<ext> from the bytes, not the name."""
    from corridor.core.uploads import document_upload

    _sniffed, f = document_upload(
        SimpleUploadedFile("deck.html", b"%PDF-1.4\n..."), field="file", allowed={"pdf"}, max_bytes=10**6
    )
    assert f.name.endswith(".pdf") and "deck" not in f.name
