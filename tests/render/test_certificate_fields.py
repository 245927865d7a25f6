"""Certificate words and printed fields (no rendering), and the views the other certificate tests use.

``programme_view`` builds a CertificateView from a bundled programme's real
facts (organiser, funder, logos, signatories, module titles, hours), as the
issuing service does; tests/benchmarks/bench_certificates.py uses it too.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from curriculum.content import bundled_content_root, load_programme
from curriculum.render.certificates import CertificateView, certificate_labels, printed_fields
from curriculum.render.certificates.labels import LABELS

DIFFERENT_CLIENT = "000-different-client"

LONG_NAMES = {
    "lv": "Jevgēņija Ščerbakova-Žukovska",
    "lt": "Gražina Čiurlionytė-Šeškuvienė",
    "ru": "Ёлкин Щукин-Эйхвальд",
    "en": "Anna Bērziņa-Ozoliņa",
}


def programme_view(
    language: str,
    name: str,
    serial: str,
    *,
    programme: str = DIFFERENT_CLIENT,
    course_index: int = 0,
    template_dir: Path | None = None,
    modules: tuple[str, ...] | None = None,
    code: str = "K7QM-3XPA-9TZD",
) -> CertificateView:
    """A certificate of a bundled programme's course, in ``language``."""
    result = _loaded(programme)
    loaded = result.require()
    course = loaded.courses[course_index]
    text = lambda value: loaded.text(value, language)  # noqa: E731
    logos = tuple(result.folder / path for path in (loaded.organiser.logo, loaded.funder.logo if loaded.funder else None) if path)
    record = {"serial": serial, "name": name, "language": language, "code": code}
    return CertificateView(
        language=language,
        serial=serial,
        verification_code=code,
        verification_url=f"https://certificates.example.org/verify/{code.replace('-', '')}",
        participant_name=name,
        course_title=text(course.title),
        programme_title=text(loaded.title),
        organiser=text(loaded.organiser.name),
        issued_on=loaded.period.end,
        period_start=dt.date(2010, 3, 1),
        period_end=dt.date(2010, 3, 12),
        contact_hours=course.hours.contact,
        academic_hours=course.hours.academic_hours,
        modules=modules if modules is not None else tuple(text(module.title) for _, module in loaded.course_modules(course)),
        signatories=tuple((person.name, text(person.title)) for person in course.certificate.signatories),
        funder_acknowledgement=text(loaded.funder.acknowledgement) if loaded.funder else None,
        logos=logos,
        template_dir=template_dir,
        attachment=json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"),
    )


_cache: dict[str, object] = {}


def _loaded(programme: str):
    if programme not in _cache:
        _cache[programme] = load_programme(bundled_content_root() / programme)
    return _cache[programme]


# -- tests ------------------------------------------------------------------------


def test_every_language_has_every_word():
    english = set(LABELS["en"])
    for language in ("lv", "lt", "ru"):
        assert set(LABELS[language]) == english, language


@pytest.mark.parametrize(
    ("language", "contact", "academic", "expected"),
    [
        ("lv", 24, 32.0, "24 kontaktstundas (32 akadēmiskās stundas)"),
        ("lv", 21, None, "21 kontaktstunda"),
        ("lv", 10, None, "10 kontaktstundu"),
        ("lt", 24, 32.0, "24 kontaktinės valandos (32 akademinės valandos)"),
        ("lt", 10, 13.3, "10 kontaktinių valandų (13,3 akademinės valandos)"),
        ("ru", 24, 32.0, "24 контактных часа (32 академических часа)"),
        ("ru", 25, 1.0, "25 контактных часов (1 академический час)"),
        ("ru", 1.5, None, "1,5 контактного часа"),
        ("en", 1, 1.3, "1 contact hour (1.3 academic hours)"),
    ],
)
def test_hours_take_the_plural_form_of_the_language(language, contact, academic, expected):
    view = programme_view(language, "A B", "X-1")
    view = CertificateView(**{**view.__dict__, "contact_hours": contact, "academic_hours": academic})
    assert printed_fields(view)["hours"] == expected


def test_dates_are_formatted_for_the_language_by_babel():
    fields = {language: printed_fields(programme_view(language, "A B", "X-1")) for language in ("lv", "lt", "ru", "en")}
    assert fields["lv"]["issued_on"] == "2010. gada 30. jūnijs"
    assert fields["lt"]["issued_on"] == "2010 m. birželio 30 d."
    assert fields["ru"]["issued_on"] == "30 июня 2010\u202fг."
    assert fields["lv"]["period"] == "2010. gada 1. marts – 2010. gada 12. marts"


def test_a_period_of_one_day_is_one_date():
    view = programme_view("en", "A B", "X-1")
    view = CertificateView(**{**view.__dict__, "period_end": None})
    assert printed_fields(view)["period"] == "March 1, 2010"


def test_fields_are_the_view_s_own_strings():
    view = programme_view("lv", LONG_NAMES["lv"], "LCC-2010-0042", code="AB12-CD34-EF56")
    fields = printed_fields(view)
    assert (fields["name"], fields["serial"], fields["code"]) == (LONG_NAMES["lv"], "LCC-2010-0042", "AB12-CD34-EF56")


def test_unknown_language_gets_english_words():
    assert certificate_labels("de").title == "Certificate"
    assert certificate_labels("lv").title == "Sertifikāts"


def test_the_factory_uses_the_programme_s_real_facts():
    view = programme_view("lv", "A B", "X-1")
    assert view.organiser == "Latvijas Cilvēktiesību centrs"
    assert [path.name for path in view.logos] == ["lcc-logo.svg", "funder-logo.svg"]
    assert view.signatories[0][0] == "Sigita Zankovska-Odiņa"
    assert len(view.modules) >= 2
