"""The portal's own texts in Norwegian Bokmål and Dutch (issue #9).

The .po files must cover every string marked in the code and templates, with no entry left
untranslated or fuzzy, with the same placeholders as the English, and the committed .mo files
must be what the .po files compile to. The gettext tools come with `make test` (apt gettext).
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
TRANSLATED = ["nb", "nl"]
IGNORE = [".venv", "bench", "artifacts", "var", "tests"]  # as `make messages`


def po_file(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def gettext_tool(*args: str) -> str:
    if shutil.which(args[0]) is None:
        pytest.fail(f"{args[0]} is missing: `make test` installs the gettext package")
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def entries(po_text: str) -> list[str]:
    """The entries of a msgattrib listing, without the header entry (the one with the metadata)."""
    blocks = [block.strip() for block in po_text.split("\n\n")]
    return [block for block in blocks if "msgid" in block and "Project-Id-Version" not in block]


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = po_file(ROOT / "locale", language)
    assert po.exists(), f"{po} is missing: run `make messages`"
    assert len(entries(gettext_tool("msgattrib", "--untranslated", str(po)))) == 0
    assert entries(gettext_tool("msgattrib", "--only-fuzzy", str(po))) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_and_the_committed_mo_is_current(language, tmp_path):
    po = po_file(ROOT / "locale", language)
    compiled = tmp_path / "django.mo"
    # --check: python-format placeholders (%(name)s) must match the English ones.
    gettext_tool("msgfmt", "--check", "-o", str(compiled), str(po))
    with open(compiled, "rb") as fresh, open(po.with_suffix(".mo"), "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"{po.with_suffix('.mo')} is out of date: run `make messages`"
        )


def test_every_marked_string_has_a_translation(tmp_path):
    """makemessages on a copy of the project: a string marked since the last `make messages`
    shows up there as untranslated. (In the project itself makemessages would rewrite the real
    catalogues, since it always writes to ./locale.)"""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*IGNORE, ".git", "__pycache__", "*.pyc", ".*cache"))
    command = [sys.executable, "manage.py", "makemessages", "--add-location=file", "--no-obsolete"]
    command += [f"--locale={language}" for language in TRANSLATED] + [f"--ignore={path}" for path in IGNORE]
    result = subprocess.run(command, cwd=copy, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    for language in TRANSLATED:
        untranslated = entries(gettext_tool("msgattrib", "--untranslated", str(po_file(copy / "locale", language))))
        assert not untranslated, (
            f"{language}: {len(untranslated)} entries not translated (run `make messages`, then translate), "
            f"e.g. {untranslated[:5]}"
        )


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_portal_really_speaks_the_language(language):
    # Spot checks across the portal: a string the same as the English would mean a copied msgid.
    for english in ("Log out", "Review your answers", "Campaigns", "Don't know", "Language", "Business–IT gap report"):
        with translation.override(language):
            assert translation.gettext(english) != english, (language, english)


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_the_language_switcher_changes_the_pages_language(client, language):
    r = client.post(reverse("set_language"), {"language": language, "next": reverse("login")})
    assert r.status_code == 302 and r.url == reverse("login")
    page = client.get(reverse("login"))
    assert page.headers["Content-Language"] == language
    body = page.content.decode()
    assert f'<html lang="{language}">' in body
    with translation.override(language):
        assert translation.gettext("Log in") in body
    # The switcher names each language in itself and marks the current one.
    assert 'lang="nb"' in body and 'lang="nl"' in body
    assert f'value="{language}" lang="{language}"' in body


@pytest.mark.django_db
def test_the_switcher_refuses_a_language_the_portal_does_not_have(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert client.get(reverse("login")).headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_foreign_next_url_is_not_followed(client):
    r = client.post(reverse("set_language"), {"language": "nl", "next": "https://evil.example/"})
    assert r.status_code == 302 and not r.url.startswith("https://evil.example")


@pytest.mark.parametrize(("language", "mark"), [("en", "."), ("nb", ","), ("nl", ",")])
def test_numbers_follow_the_readers_notation_with_the_same_digits(language, mark):
    from brmportal.lib.formats import decimal, signed

    with translation.override(language):
        assert decimal(1.75, 1) == f"1{mark}8"  # rounded as Python rounds, in every language
        assert decimal(3.4) == f"3{mark}40"
        assert signed(-0.404) == f"−0{mark}40"
        assert signed(0.0) == f"+0{mark}00"
