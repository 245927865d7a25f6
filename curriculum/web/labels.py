"""Words of the verification page in each language a certificate can have."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Certificate verification", "valid": "Valid certificate", "revoked": "Revoked", "unknown": "Not found",
        "altered": "Altered", "valid_text": "This certificate was issued by {issuer} and has not been withdrawn.",
        "revoked_text": "This certificate was withdrawn and is no longer valid.",
        "unknown_text": "No certificate has this code. Check that it was typed exactly as printed.",
        "anonymised_text": "The holder's personal details are no longer kept; the certificate itself is genuine.",
        "name": "Name", "course": "Course", "programme": "Programme", "hours": "Hours", "academic_hours": "academic hours",
        "issued_on": "Issued on", "period": "Period", "serial": "Certificate no.", "code": "Verification code", "issuer": "Issued by",
        "revoked_on": "Revoked on", "reason": "Reason", "form": "Check another certificate: type the verification code printed on it",
        "check": "Check", "placeholder": "e.g. K7QM-3ZP9-XW2H", "modules": "Modules",
    },
    "lv": {
        "title": "Sertifikāta pārbaude", "valid": "Derīgs sertifikāts", "revoked": "Atsaukts", "unknown": "Nav atrasts",
        "altered": "Mainīts", "valid_text": "Šo sertifikātu izsniedza {issuer}, un tas nav atsaukts.",
        "revoked_text": "Šis sertifikāts ir atsaukts un vairs nav derīgs.",
        "unknown_text": "Nav sertifikāta ar šādu kodu. Pārbaudiet, vai kods ievadīts tieši tā, kā tas uzdrukāts.",
        "anonymised_text": "Sertifikāta turētāja personas dati vairs netiek glabāti; pats sertifikāts ir īsts.",
        "name": "Vārds, uzvārds", "course": "Kurss", "programme": "Programma", "hours": "Apjoms", "academic_hours": "akadēmiskās stundas",
        "issued_on": "Izsniegts", "period": "Norises laiks", "serial": "Sertifikāta Nr.", "code": "Pārbaudes kods", "issuer": "Izsniedzējs",
        "revoked_on": "Atsaukts", "reason": "Iemesls", "form": "Pārbaudīt citu sertifikātu: ievadiet uz tā uzdrukāto pārbaudes kodu",
        "check": "Pārbaudīt", "placeholder": "piem., K7QM-3ZP9-XW2H", "modules": "Moduļi",
    },
    "lt": {
        "title": "Pažymėjimo patikra", "valid": "Galiojantis pažymėjimas", "revoked": "Atšauktas", "unknown": "Nerastas",
        "altered": "Pakeistas", "valid_text": "Šį pažymėjimą išdavė {issuer}; jis nėra atšauktas.",
        "revoked_text": "Šis pažymėjimas atšauktas ir nebegalioja.",
        "unknown_text": "Pažymėjimo su tokiu kodu nėra. Patikrinkite, ar kodas įvestas tiksliai taip, kaip išspausdintas.",
        "anonymised_text": "Pažymėjimo turėtojo asmens duomenys nebesaugomi; pats pažymėjimas tikras.",
        "name": "Vardas, pavardė", "course": "Kursas", "programme": "Programa", "hours": "Apimtis", "academic_hours": "akad. val.",
        "issued_on": "Išduotas", "period": "Laikotarpis", "serial": "Pažymėjimo Nr.", "code": "Patikros kodas", "issuer": "Išdavė",
        "revoked_on": "Atšauktas", "reason": "Priežastis", "form": "Patikrinti kitą pažymėjimą: įveskite jame išspausdintą patikros kodą",
        "check": "Tikrinti", "placeholder": "pvz., K7QM-3ZP9-XW2H", "modules": "Moduliai",
    },
    "ru": {
        "title": "Проверка сертификата", "valid": "Действительный сертификат", "revoked": "Отозван", "unknown": "Не найден",
        "altered": "Изменён", "valid_text": "Этот сертификат выдан организацией {issuer} и не отозван.",
        "revoked_text": "Этот сертификат отозван и больше не действителен.",
        "unknown_text": "Сертификата с таким кодом нет. Проверьте, что код введён точно так, как напечатан.",
        "anonymised_text": "Персональные данные владельца больше не хранятся; сам сертификат подлинный.",
        "name": "Имя, фамилия", "course": "Курс", "programme": "Программа", "hours": "Объём", "academic_hours": "академических часов",
        "issued_on": "Выдан", "period": "Период обучения", "serial": "Сертификат №", "code": "Код проверки", "issuer": "Выдал",
        "revoked_on": "Отозван", "reason": "Причина", "form": "Проверить другой сертификат: введите напечатанный на нём код проверки",
        "check": "Проверить", "placeholder": "напр., K7QM-3ZP9-XW2H", "modules": "Модули",
    },
}
HOURS_UNIT = {"en": "h", "lv": "st.", "lt": "val.", "ru": "ч."}
LANGUAGES = tuple(LABELS)


def pick_language(requested: str | None, accept_language: str | None, fallback: str = "en") -> str:
    """``?lang=`` if we speak it, else the browser's first language we speak, else ``fallback``."""
    if requested and requested in LABELS:
        return requested
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LABELS:
            return code
    return fallback if fallback in LABELS else "en"
