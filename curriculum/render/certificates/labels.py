"""The fixed words of a certificate in Latvian, Lithuanian, Russian and English.

Hours are counted with Babel's plural rules of the language (Russian says
"1 час", "2 часа", "5 часов"), so each count has its forms here by CLDR
plural category. Another language gets the English words.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from babel import Locale

Plural = Mapping[str, str]

EN: dict[str, object] = {
    "title": "Certificate",
    "certifies": "This is to certify that",
    "completed": "has successfully completed the training course",
    "programme": "Programme",
    "scope": "Scope",
    "period": "Training period",
    "modules": "Modules covered",
    "issued_on": "Issued on",
    "serial": "Certificate No.",
    "code": "Verification code",
    "verify": "Check this certificate by scanning the code or at",
    "contact_hours": {"one": "{n} contact hour", "other": "{n} contact hours"},
    "academic_hours": {"one": "{n} academic hour", "other": "{n} academic hours"},
}

LABELS: dict[str, dict[str, object]] = {
    "en": EN,
    "lv": {
        "title": "Sertifikāts",
        "certifies": "Apliecina, ka",
        "completed": "ir sekmīgi apguvis(-usi) mācību kursu",
        "programme": "Programma",
        "scope": "Apjoms",
        "period": "Mācību laiks",
        "modules": "Apgūtie moduļi",
        "issued_on": "Izsniegts",
        "serial": "Sertifikāta Nr.",
        "code": "Pārbaudes kods",
        "verify": "Sertifikāta īstumu var pārbaudīt, noskenējot kodu, vai vietnē",
        "contact_hours": {"zero": "{n} kontaktstundu", "one": "{n} kontaktstunda", "other": "{n} kontaktstundas"},
        "academic_hours": {"zero": "{n} akadēmisko stundu", "one": "{n} akadēmiskā stunda", "other": "{n} akadēmiskās stundas"},
    },
    "lt": {
        "title": "Pažymėjimas",
        "certifies": "Pažymima, kad",
        "completed": "sėkmingai baigė mokymo kursą",
        "programme": "Programa",
        "scope": "Apimtis",
        "period": "Mokymo laikotarpis",
        "modules": "Kurso moduliai",
        "issued_on": "Išduota",
        "serial": "Pažymėjimo Nr.",
        "code": "Tikrinimo kodas",
        "verify": "Pažymėjimo tikrumą galima patikrinti nuskenavus kodą arba adresu",
        "contact_hours": {
            "one": "{n} kontaktinė valanda",
            "few": "{n} kontaktinės valandos",
            "many": "{n} kontaktinės valandos",
            "other": "{n} kontaktinių valandų",
        },
        "academic_hours": {
            "one": "{n} akademinė valanda",
            "few": "{n} akademinės valandos",
            "many": "{n} akademinės valandos",
            "other": "{n} akademinių valandų",
        },
    },
    "ru": {
        "title": "Сертификат",
        "certifies": "Настоящим удостоверяется, что",
        "completed": "успешно завершил(а) учебный курс",
        "programme": "Программа",
        "scope": "Объём",
        "period": "Период обучения",
        "modules": "Модули курса",
        "issued_on": "Дата выдачи",
        "serial": "Сертификат №",
        "code": "Код проверки",
        "verify": "Подлинность сертификата можно проверить, отсканировав код, или по адресу",
        "contact_hours": {
            "one": "{n} контактный час",
            "few": "{n} контактных часа",
            "many": "{n} контактных часов",
            "other": "{n} контактного часа",
        },
        "academic_hours": {
            "one": "{n} академический час",
            "few": "{n} академических часа",
            "many": "{n} академических часов",
            "other": "{n} академического часа",
        },
    },
}


class CertificateLabels:
    """The words of one language; English fills any gap."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LABELS else "en"
        self._table: dict[str, object] = {**EN, **LABELS.get(language, {})}
        self._locale = Locale.parse(self.language)

    def __getattr__(self, key: str) -> str:
        try:
            value = self._table[key]
        except KeyError:
            raise AttributeError(key) from None
        if not isinstance(value, str):
            raise AttributeError(key)
        return value

    def hours(self, key: str, count: float, shown: str) -> str:
        """``count`` hours in the right plural form, the number written as ``shown``."""
        forms = self._table[key]
        assert isinstance(forms, Mapping)
        category = self._locale.plural_form(int(count) if float(count).is_integer() else count)
        return str(forms.get(category, forms["other"])).format(n=shown)


@lru_cache(maxsize=16)
def certificate_labels(language: str) -> CertificateLabels:
    return CertificateLabels(language)
