"""Localised text: one value with a translation per language.

Why a type of its own: every title, outcome and paragraph exists in several
languages, and every output (handbook, SCORM, certificate) must pick one
translation by the same rule, and the validator must be able to list what is
missing. Translations are data chosen before rendering, never markup inside
strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Annotated

from babel import Locale, UnknownLocaleError
from pydantic import AfterValidator, RootModel, model_validator

_LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")


def check_language_code(code: str) -> str:
    """Accept an ISO 639 language code that Babel knows ('lv', 'lt', 'ru', 'en', ...)."""
    if isinstance(code, str) and " " in code.strip():
        raise ValueError(
            f"'{code}' is not a language code. If it is the rest of a text that has a comma "
            "inside {...}, put the whole text in quotes"
        )
    if not isinstance(code, str) or not _LANGUAGE_PATTERN.match(code):
        raise ValueError(
            f"'{code}' is not a language code: use a two-letter ISO 639-1 code in "
            "lower case, such as lv, lt, ru or en"
        )
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        raise ValueError(f"'{code}' is not a known language code (ISO 639-1), e.g. lv, lt, ru, en") from None
    return code


LanguageCode = Annotated[str, AfterValidator(check_language_code)]


class LocalisedText(RootModel[dict[LanguageCode, str]]):
    """A text with one translation per language code.

    Fallback rule (``get``): the requested language; otherwise the first
    language of ``fallbacks`` that has a translation (callers pass the
    programme's languages, so the programme's main language comes first);
    otherwise English; otherwise the first translation written. An empty
    text gives ''.
    """

    model_config = {
        "frozen": True,
        "json_schema_extra": {
            "propertyNames": {"pattern": "^[a-z]{2,3}$"},
            "minProperties": 1,
            "description": "A translation per language code, e.g. {lv: ..., en: ..., ru: ...}",
        },
    }

    @model_validator(mode="after")
    def _no_blank_translations(self) -> "LocalisedText":
        for code, value in self.root.items():
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"the '{code}' translation is empty")
        return self

    def has(self, language: str) -> bool:
        return bool(self.root.get(language, "").strip())

    @property
    def languages(self) -> list[str]:
        return list(self.root)

    def get(self, language: str, fallbacks: Iterable[str] = ()) -> str:
        if self.has(language):
            return self.root[language]
        for code in [*fallbacks, "en"]:
            if self.has(code):
                return self.root[code]
        return next(iter(self.root.values()), "")

    def missing(self, languages: Iterable[str]) -> list[str]:
        """The languages of ``languages`` that have no translation here."""
        return [code for code in languages if not self.has(code)]

    def merged(self, other: "LocalisedText | Mapping[str, str]") -> "LocalisedText":
        """A copy with ``other``'s translations added (``other`` wins on overlap)."""
        extra = other.root if isinstance(other, LocalisedText) else dict(other)
        return LocalisedText({**self.root, **extra})

    def __bool__(self) -> bool:
        return any(value.strip() for value in self.root.values())

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        return iter(self.root)


EMPTY_TEXT = LocalisedText({})
