"""Issue 16 item 9: one website field for every form; "example.com" gets https://."""

import pytest
from django import forms

from corridor.core.errors import normalise_url
from corridor.core.forms import WebsiteField


class F(forms.Form):
    site = WebsiteField(required=False)


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("example.com", "https://example.com"),
        ("  www.example.com/path ", "https://www.example.com/path"),
        ("http://example.com", "http://example.com"),
        ("https://example.com", "https://example.com"),
        ("", ""),
    ],
)
def test_website_field_adds_https(typed, saved):
    f = F({"site": typed})
    assert f.is_valid(), f.errors
    assert f.cleaned_data["site"] == saved


@pytest.mark.parametrize("typed", ["not a url", "example", "ftp://example.com"])
def test_website_field_names_the_field_on_bad_input(typed):
    f = F({"site": typed})
    assert not f.is_valid() and "site" in f.errors


def test_website_field_is_a_text_input_the_browser_does_not_refuse():
    html = str(F()["site"])
    assert 'type="text"' in html and 'inputmode="url"' in html


def test_normalise_url_keeps_paths_and_blank():
    assert normalise_url("/council/") == "/council/" and normalise_url(" ") == ""
