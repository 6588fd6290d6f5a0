"""The Malay and Swahili catalogues are complete, compiled and current; pages render in all three.

A catalogue fails the build when a message is untranslated or fuzzy, when its placeholders do not
match the source (msgfmt --check), when the committed ``.mo`` is older than its ``.po``, or when
``makemessages`` would add a message the catalogue does not have yet. New strings are translated
with ``scripts/translate_missing.py`` (offline; the translations live in the ``.po`` files).
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation

from corridor.core.models import Notification
from tests.factories import UserFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
SOURCE_DIR = Path(settings.BASE_DIR)
TRANSLATED = ["ms", "sw"]
MSGFMT = shutil.which("msgfmt")


@pytest.fixture
def gettext_tools():
    """makemessages and compilemessages need GNU gettext; its absence fails, never skips."""
    missing = [t for t in ("msgfmt", "xgettext", "msgmerge", "msguniq") if not shutil.which(t)]
    assert not missing, f"install GNU gettext (missing: {', '.join(missing)})"


_FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+\"(.*)\"$")


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries: list[dict] = []
    entry: dict | None = None
    field = None

    def new() -> dict:
        return {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": [], "flags": set()}

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are not part of the catalogue
        if entry is None:
            entry = new()
            entries.append(entry)
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _FIELD.match(line)
        if match:
            field, value = match.group(1), _unescape(match.group(2))
            if field.startswith("msgstr"):
                entry["msgstr"].append(value)
            else:
                entry[field] = value
        elif line.startswith('"') and field is not None:
            value = _unescape(line.strip()[1:-1])
            if field.startswith("msgstr"):
                entry["msgstr"][-1] += value
            else:
                entry[field] = (entry[field] or "") + value
    return [e for e in entries if e["msgid"] or e["msgctxt"]]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def keys(entries: list[dict]) -> set[tuple[str | None, str]]:
    return {(e["msgctxt"], e["msgid"]) for e in entries}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    entries = read_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1000, "the catalogue looks truncated"
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in entries if not e["msgstr"] or not all(e["msgstr"])]
    assert not fuzzy, f"{lang}: {len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_and_html_survive_translation(lang):
    placeholder = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdfir]|\{[^{}]*\}|</?[a-zA-Z][^>]*>")
    wrong = []
    for e in read_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"):
        sources = [e["msgid"], e["msgid_plural"] or e["msgid"]]
        wanted = [sorted(placeholder.findall(source)) for source in sources]
        for form in e["msgstr"]:
            found = sorted(placeholder.findall(form))
            # A singular may name the count in words, so it may drop placeholders of the plural.
            if found not in wanted and not (e["msgid_plural"] and set(found) <= set(wanted[1])):
                wrong.append((e["msgid"], form))
    assert not wrong, f"{lang}: {wrong[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_compiles_and_committed_mo_is_current(lang, tmp_path, gettext_tools):
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", str(fresh), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    with fresh.open("rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    with (po.parent / "django.mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    assert committed == compiled, (
        f"{lang}: django.mo is stale; run `corridor compilemessages -l ms -l sw` and commit it"
    )


def test_makemessages_finds_no_message_missing_from_the_catalogues(tmp_path, monkeypatch, gettext_tools):
    """Extract the source's messages into copies of the catalogues and compare the message sets."""
    for lang in TRANSLATED:
        target = tmp_path / "locale" / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", target / "django.po")
    # makemessages writes next to the files it reads unless a locale path is their ancestor:
    # reach the source through a link inside tmp_path so that only the copies are written.
    (tmp_path / "corridor").symlink_to(SOURCE_DIR, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[str(tmp_path / "locale")]):
        call_command(
            "makemessages",
            locale=TRANSLATED,
            ignore_patterns=["static/*", "locale/*"],
            symlinks=True,
            verbosity=0,
        )
    for lang in TRANSLATED:
        committed = keys(read_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))
        extracted = keys(read_po(tmp_path / "locale" / lang / "LC_MESSAGES" / "django.po"))
        missing = sorted(msgid for _ctx, msgid in extracted - committed)
        assert not missing, (
            f"{lang}: {len(missing)} message(s) are not in the catalogue yet, e.g. {missing[:5]}; "
            "run makemessages and translate them (scripts/translate_missing.py)"
        )


HOME_PHRASES = {
    "en": ("Find partners", "Register your organisation"),
    "ms": ("Cari rakan kongsi", "Daftarkan organisasi anda"),
    "sw": ("Tafuta washirika", "Sajili shirika lako"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "header"),
    [("en", "en-GB,en;q=0.8"), ("ms", "ms-MY,ms;q=0.9,en;q=0.5"), ("sw", "sw-KE,en;q=0.5")],
)
def test_home_page_follows_the_browser_language(client, lang, header):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE=header)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    for phrase in HOME_PHRASES[lang]:
        assert phrase in html
    if lang != "en":
        assert HOME_PHRASES["en"][0] not in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ms", "sw"])
def test_language_switch_is_remembered_by_cookie(client, lang):
    home = reverse("home")
    response = client.post(reverse("set_language"), {"language": lang, "next": home})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang
    # The browser still asks for English: the remembered choice wins.
    html = client.get(home, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<html lang="{lang}">' in html
    assert HOME_PHRASES[lang][0] in html


@pytest.mark.django_db
def test_unknown_language_is_ignored(client):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert HOME_PHRASES["en"][0] in html


@pytest.mark.django_db
def test_signed_in_user_gets_their_saved_language_on_a_new_browser(client):
    user = UserFactory(email="wanjiru@example.org", language="sw")
    client.force_login(user)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="sw">' in html
    assert HOME_PHRASES["sw"][0] in html


@pytest.mark.django_db
def test_switcher_lists_the_three_languages_by_their_own_names(client):
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="sw").content.decode()
    assert reverse("set_language") in html
    flat = re.sub(r"\s+", " ", html)  # templates are formatted one attribute per line
    for code, name in [("en", "English"), ("ms", "Bahasa Melayu"), ("sw", "Kiswahili")]:
        assert f'<option value="{code}" lang="{code}"' in flat
        assert name in flat
    assert '<option value="sw" lang="sw" selected>' in flat


def test_dates_and_numbers_follow_the_language():
    import datetime

    day = datetime.date(2026, 12, 4)
    expected = {"en": "December", "ms": "Disember", "sw": "Disemba"}
    for lang, month in expected.items():
        with translation.override(lang):
            assert month in formats.date_format(day, "j F Y")
    with translation.override("sw"):
        # Kenya writes day before month; the platform's sw formats say so.
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"
    with translation.override("ms"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "04/12/2026"
        assert formats.number_format(1234567.5, 1, force_grouping=True) == "1,234,567.5"


@pytest.mark.django_db
def test_switching_language_signed_in_saves_it_on_the_account(client):
    user = UserFactory(email="aminah@example.org", language="en")
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "ms", "next": "/"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "ms"
    # An unknown code changes nothing.
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "ms"


@pytest.mark.django_db
def test_notifications_are_written_in_each_recipients_language():
    from django.utils.translation import gettext as _

    from corridor.core.notifications import notify

    malay = UserFactory(email="siti@example.org", language="ms")
    swahili = UserFactory(email="juma@example.org", language="sw")
    with translation.override("en"):  # whoever caused it reads English
        for user in (malay, swahili):
            notify(user=user, text=lambda: _("Placement results"), subject=lambda: _("Placement results"))
    texts = {n.user_id: n.text for n in Notification.objects.all()}
    with translation.override("ms"):
        assert texts[malay.pk] == _("Placement results") != "Placement results"
    with translation.override("sw"):
        assert texts[swahili.pk] == _("Placement results") != "Placement results"
