"""Localised text: translations, the fallback rule, and what is missing."""

import pytest
from pydantic import ValidationError

from curriculum.model import LocalisedText


def test_the_requested_language_wins():
    text = LocalisedText({"lv": "Sveiki", "en": "Hello", "ru": "Привет"})
    assert text.get("ru") == "Привет"


def test_fallback_follows_the_given_languages_then_english_then_the_first_written():
    text = LocalisedText({"ru": "Привет", "lv": "Sveiki"})
    assert text.get("lt", fallbacks=["lv", "ru"]) == "Sveiki"
    assert LocalisedText({"ru": "Привет", "en": "Hello"}).get("lt") == "Hello"
    assert LocalisedText({"ru": "Привет"}).get("lt") == "Привет"
    assert LocalisedText({}).get("lv") == ""


def test_missing_lists_the_languages_without_a_translation():
    text = LocalisedText({"lv": "Sveiki"})
    assert text.missing(["lv", "en", "ru"]) == ["en", "ru"]


@pytest.mark.parametrize("code", ["xx", "LV", "latvian", "l"])
def test_language_codes_are_checked(code):
    with pytest.raises(ValidationError):
        LocalisedText({code: "text"})


def test_empty_translations_are_refused():
    with pytest.raises(ValidationError, match="empty"):
        LocalisedText({"lv": "   "})


def test_diacritics_and_cyrillic_survive_unchanged():
    words = "ā č ē ģ ī ķ ļ ņ š ū ž ą ę ė į ų Ёё Щщ"
    assert LocalisedText({"lv": words}).get("lv") == words
