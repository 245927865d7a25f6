"""The funder indicators report as XLSX (tidy sheets) and PDF (WeasyPrint, A4).

Labels of the report itself are translated here for lv, lt, ru and en; the
programme's own texts come translated from its files; dates and numbers are
written by Babel in the report's language. The PDF helpers at the bottom are
shared with the sign-in sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from openpyxl import Workbook

from ..model import Programme
from ..services.indicators import Indicators
from .documents.pdf import new_font_configuration
from .environment import template_environment
from .spreadsheets import add_table_sheet, workbook_bytes

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Funder indicators report", "prepared": "Prepared on", "programme_period": "Programme period",
        "organiser": "Organiser", "funder": "Funder", "funder_programme": "Funding programme", "managing_authority": "Managing authority",
        "project_number": "Project number", "records": "Sessions recorded",
        "summary": "Summary", "indicator": "Indicator", "value": "Value",
        "participants_reached": "Participants reached (enrolled or attended)", "participants_attended": "Participants who attended at least once",
        "minors_reached": "Minors reached", "organisations": "Organisations represented", "enrolments": "Course enrolments",
        "completed": "Completed", "completion_rate": "Completion rate, %", "sessions_held": "Sessions held",
        "sessions_scheduled": "Sessions scheduled", "contact_hours": "Contact hours delivered", "participant_hours": "Participant hours attended",
        "headcount": "Headcount at events", "certificates_issued": "Certificates issued", "certificates_revoked": "Certificates revoked",
        "events_held": "{kind}: held", "by_target_group": "Participants by target group", "by_organisation": "Participants by organisation",
        "by_course": "Courses", "events": "Events", "by_kind": "Events by kind", "by_month": "By month", "by_quarter": "By quarter",
        "target_group": "Target group", "target_group_id": "Target group id", "organisation": "Organisation", "participants": "Participants",
        "minors": "Minors", "course": "Course", "course_id": "Course id", "enrolled": "Enrolled", "attended": "Attended",
        "planned_hours": "Planned contact hours", "certificates": "Certificates", "event": "Event", "event_id": "Event id",
        "kind": "Kind", "kind_id": "Kind id", "planned": "Planned", "held": "Held", "event_count": "Events", "period": "Period",
        "period_key": "Period key", "from": "From", "to": "To", "course_sessions": "Course sessions", "event_sessions": "Event sessions",
        "not_stated": "not stated", "nothing": "Nothing recorded yet.", "page": "Page", "of": "of",
        "definitions": (
            "Reached: enrolled in a course or present at a session. A session counts as held when someone was recorded present "
            "or late, or a headcount was recorded. Contact hours: the length of the sessions held. A multi-day event (a camp) "
            "counts once per group. Headcount: people counted at events where attendees are not listed by name."
        ),
    },
    "lv": {
        "title": "Pārskats finansētājam: rādītāji", "prepared": "Sagatavots", "programme_period": "Programmas laiks",
        "organiser": "Organizators", "funder": "Finansētājs", "funder_programme": "Finansēšanas programma", "managing_authority": "Vadošā iestāde",
        "project_number": "Projekta numurs", "records": "Reģistrētās nodarbības",
        "summary": "Kopsavilkums", "indicator": "Rādītājs", "value": "Vērtība",
        "participants_reached": "Sasniegtie dalībnieki (uzņemti vai apmeklējuši)", "participants_attended": "Dalībnieki, kuri apmeklējuši vismaz vienu nodarbību",
        "minors_reached": "Sasniegtie nepilngadīgie", "organisations": "Pārstāvētās organizācijas", "enrolments": "Uzņemšanas kursos",
        "completed": "Pabeiguši", "completion_rate": "Pabeigušo īpatsvars, %", "sessions_held": "Notikušās nodarbības",
        "sessions_scheduled": "Ieplānotās nodarbības", "contact_hours": "Novadītās kontaktstundas", "participant_hours": "Dalībnieku apmeklētās stundas",
        "headcount": "Pasākumu apmeklētāju skaits", "certificates_issued": "Izsniegtās apliecības", "certificates_revoked": "Atsauktās apliecības",
        "events_held": "{kind}: notikuši", "by_target_group": "Dalībnieki pa mērķa grupām", "by_organisation": "Dalībnieki pa organizācijām",
        "by_course": "Kursi", "events": "Pasākumi", "by_kind": "Pasākumi pa veidiem", "by_month": "Pa mēnešiem", "by_quarter": "Pa ceturkšņiem",
        "target_group": "Mērķa grupa", "target_group_id": "Mērķa grupas id", "organisation": "Organizācija", "participants": "Dalībnieki",
        "minors": "Nepilngadīgie", "course": "Kurss", "course_id": "Kursa id", "enrolled": "Uzņemti", "attended": "Apmeklējuši",
        "planned_hours": "Plānotās kontaktstundas", "certificates": "Apliecības", "event": "Pasākums", "event_id": "Pasākuma id",
        "kind": "Veids", "kind_id": "Veida id", "planned": "Plānoti", "held": "Notikuši", "event_count": "Pasākumi", "period": "Periods",
        "period_key": "Perioda kods", "from": "No", "to": "Līdz", "course_sessions": "Kursu nodarbības", "event_sessions": "Pasākumu nodarbības",
        "not_stated": "nav norādīts", "nothing": "Vēl nekas nav reģistrēts.", "page": "Lapa", "of": "no",
        "definitions": (
            "Sasniegtie: uzņemti kursā vai reģistrēti klātesoši nodarbībā. Nodarbība ir notikusi, ja kāds reģistrēts klātesošs "
            "vai nokavējis vai ir reģistrēts apmeklētāju skaits. Kontaktstundas: notikušo nodarbību ilgums. Vairāku dienu "
            "pasākums (nometne) tiek skaitīts vienreiz katrai grupai. Apmeklētāju skaits: saskaitītie dalībnieki pasākumos, "
            "kuros apmeklētāji netiek reģistrēti pēc vārda."
        ),
    },
    "lt": {
        "title": "Rodiklių ataskaita finansuotojui", "prepared": "Parengta", "programme_period": "Programos laikotarpis",
        "organiser": "Organizatorius", "funder": "Finansuotojas", "funder_programme": "Finansavimo programa", "managing_authority": "Vadovaujančioji institucija",
        "project_number": "Projekto numeris", "records": "Užregistruoti užsiėmimai",
        "summary": "Santrauka", "indicator": "Rodiklis", "value": "Reikšmė",
        "participants_reached": "Pasiekti dalyviai (įtraukti arba dalyvavę)", "participants_attended": "Dalyviai, bent kartą dalyvavę užsiėmime",
        "minors_reached": "Pasiekti nepilnamečiai", "organisations": "Atstovaujamos organizacijos", "enrolments": "Įtraukimai į kursus",
        "completed": "Baigė", "completion_rate": "Baigusiųjų dalis, %", "sessions_held": "Įvykę užsiėmimai",
        "sessions_scheduled": "Suplanuoti užsiėmimai", "contact_hours": "Pravestos kontaktinės valandos", "participant_hours": "Dalyvių išklausytos valandos",
        "headcount": "Renginių dalyvių skaičius", "certificates_issued": "Išduoti pažymėjimai", "certificates_revoked": "Atšaukti pažymėjimai",
        "events_held": "{kind}: įvyko", "by_target_group": "Dalyviai pagal tikslines grupes", "by_organisation": "Dalyviai pagal organizacijas",
        "by_course": "Kursai", "events": "Renginiai", "by_kind": "Renginiai pagal rūšį", "by_month": "Pagal mėnesius", "by_quarter": "Pagal ketvirčius",
        "target_group": "Tikslinė grupė", "target_group_id": "Tikslinės grupės id", "organisation": "Organizacija", "participants": "Dalyviai",
        "minors": "Nepilnamečiai", "course": "Kursas", "course_id": "Kurso id", "enrolled": "Įtraukta", "attended": "Dalyvavo",
        "planned_hours": "Suplanuotos kontaktinės valandos", "certificates": "Pažymėjimai", "event": "Renginys", "event_id": "Renginio id",
        "kind": "Rūšis", "kind_id": "Rūšies id", "planned": "Suplanuota", "held": "Įvyko", "event_count": "Renginiai", "period": "Laikotarpis",
        "period_key": "Laikotarpio kodas", "from": "Nuo", "to": "Iki", "course_sessions": "Kursų užsiėmimai", "event_sessions": "Renginių užsiėmimai",
        "not_stated": "nenurodyta", "nothing": "Kol kas nieko neužregistruota.", "page": "Puslapis", "of": "iš",
        "definitions": (
            "Pasiekti: įtraukti į kursą arba užregistruoti dalyvavę užsiėmime. Užsiėmimas laikomas įvykusiu, jei kas nors "
            "užregistruotas dalyvavęs ar pavėlavęs arba užregistruotas dalyvių skaičius. Kontaktinės valandos: įvykusių užsiėmimų "
            "trukmė. Kelių dienų renginys (stovykla) skaičiuojamas vieną kartą kiekvienai grupei. Dalyvių skaičius: suskaičiuoti "
            "dalyviai renginiuose, kuriuose dalyviai neregistruojami pavardėmis."
        ),
    },
    "ru": {
        "title": "Отчёт для финансирующей стороны: показатели", "prepared": "Подготовлено", "programme_period": "Период программы",
        "organiser": "Организатор", "funder": "Финансирование", "funder_programme": "Программа финансирования", "managing_authority": "Ответственное учреждение",
        "project_number": "Номер проекта", "records": "Зарегистрированные занятия",
        "summary": "Сводка", "indicator": "Показатель", "value": "Значение",
        "participants_reached": "Охвачено участников (зачислены или посетили)", "participants_attended": "Участники, посетившие хотя бы одно занятие",
        "minors_reached": "Охвачено несовершеннолетних", "organisations": "Представлено организаций", "enrolments": "Зачисления на курсы",
        "completed": "Завершили", "completion_rate": "Доля завершивших, %", "sessions_held": "Проведено занятий",
        "sessions_scheduled": "Запланировано занятий", "contact_hours": "Проведено контактных часов", "participant_hours": "Посещённые часы участников",
        "headcount": "Число посетителей мероприятий", "certificates_issued": "Выдано сертификатов", "certificates_revoked": "Отозвано сертификатов",
        "events_held": "{kind}: проведено", "by_target_group": "Участники по целевым группам", "by_organisation": "Участники по организациям",
        "by_course": "Курсы", "events": "Мероприятия", "by_kind": "Мероприятия по видам", "by_month": "По месяцам", "by_quarter": "По кварталам",
        "target_group": "Целевая группа", "target_group_id": "Код целевой группы", "organisation": "Организация", "participants": "Участники",
        "minors": "Несовершеннолетние", "course": "Курс", "course_id": "Код курса", "enrolled": "Зачислено", "attended": "Посетили",
        "planned_hours": "Запланировано контактных часов", "certificates": "Сертификаты", "event": "Мероприятие", "event_id": "Код мероприятия",
        "kind": "Вид", "kind_id": "Код вида", "planned": "Запланировано", "held": "Проведено", "event_count": "Мероприятия", "period": "Период",
        "period_key": "Код периода", "from": "С", "to": "По", "course_sessions": "Занятия курсов", "event_sessions": "Занятия мероприятий",
        "not_stated": "не указано", "nothing": "Пока ничего не зарегистрировано.", "page": "Страница", "of": "из",
        "definitions": (
            "Охвачены: зачислены на курс или отмечены присутствующими на занятии. Занятие считается проведённым, если кто-то "
            "отмечен присутствующим или опоздавшим либо записано число посетителей. Контактные часы: продолжительность проведённых "
            "занятий. Многодневное мероприятие (лагерь) считается один раз для каждой группы. Число посетителей: подсчитанные "
            "участники мероприятий, на которых посетители не записываются поимённо."
        ),
    },
}

EVENT_KINDS: dict[str, dict[str, str]] = {
    "en": {"round_table": "Round tables", "seminar": "Seminars", "consultation": "Consultations", "camp": "Camps", "discussion": "Discussions",
           "practical_session": "Practical sessions", "workshop": "Workshops", "needs_assessment": "Needs assessments", "monitoring": "Monitoring visits",
           "conference": "Conferences", "other": "Other events"},
    "lv": {"round_table": "Apaļā galda diskusijas", "seminar": "Semināri", "consultation": "Konsultācijas", "camp": "Nometnes", "discussion": "Diskusijas",
           "practical_session": "Praktiskās nodarbības", "workshop": "Darbnīcas", "needs_assessment": "Vajadzību izpētes", "monitoring": "Monitoringa vizītes",
           "conference": "Konferences", "other": "Citi pasākumi"},
    "lt": {"round_table": "Apskritojo stalo diskusijos", "seminar": "Seminarai", "consultation": "Konsultacijos", "camp": "Stovyklos", "discussion": "Diskusijos",
           "practical_session": "Praktiniai užsiėmimai", "workshop": "Dirbtuvės", "needs_assessment": "Poreikių tyrimai", "monitoring": "Stebėsenos vizitai",
           "conference": "Konferencijos", "other": "Kiti renginiai"},
    "ru": {"round_table": "Круглые столы", "seminar": "Семинары", "consultation": "Консультации", "camp": "Лагеря", "discussion": "Дискуссии",
           "practical_session": "Практические занятия", "workshop": "Практикумы", "needs_assessment": "Оценки потребностей", "monitoring": "Мониторинговые визиты",
           "conference": "Конференции", "other": "Другие мероприятия"},
}

DATE_LOCALES = {"en": "en_GB"}


def report_language(programme: Programme, language: str | None) -> str:
    """The language asked for, else the programme's main one."""
    return language or programme.main_language


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def kind_label(kind: str, language: str) -> str:
    return EVENT_KINDS.get(language, EVENT_KINDS["en"]).get(kind, kind.replace("_", " "))


def date_locale(language: str) -> str:
    return DATE_LOCALES.get(language, language)


def long_date(value: dt.date, language: str) -> str:
    return format_date(value, "long", locale=date_locale(language))


def number(value: float | int | None, language: str) -> str:
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##", locale=date_locale(language))


def period_label(start: dt.date, kind: str, language: str) -> str:
    text = format_date(start, "LLLL y" if kind == "month" else "QQQQ y", locale=date_locale(language))
    return text[:1].upper() + text[1:]


# -- the tables, shared by both formats -------------------------------------------


@dataclass(frozen=True)
class ReportTable:
    """One table of the report: a sheet in the XLSX, a section in the PDF."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    hidden: tuple[int, ...] = ()  # columns only in the XLSX (ids, dates), not in the PDF
    numeric_from: int = 1  # first column shown in the PDF that holds numbers (right-aligned there)


def report_tables(programme: Programme, figures: Indicators, language: str) -> list[ReportTable]:
    label = labels_for(language)
    text = lambda value: programme.text(value, language)  # noqa: E731
    groups = programme.all_target_groups()
    summary_rows: list[list[Any]] = [
        [label["participants_reached"], figures.participants_reached],
        [label["participants_attended"], figures.participants_attended],
        [label["minors_reached"], figures.minors_reached],
        [label["organisations"], figures.organisations],
        [label["enrolments"], figures.enrolments],
        [label["completed"], figures.completed],
        [label["completion_rate"], figures.completion_rate],
        [label["sessions_held"], figures.sessions_held],
        [label["sessions_scheduled"], figures.sessions_scheduled],
        [label["contact_hours"], figures.contact_hours],
        [label["participant_hours"], figures.participant_hours],
    ]
    summary_rows += [[label["events_held"].format(kind=kind_label(item.kind, language)), item.held] for item in figures.event_kinds]
    summary_rows += [
        [label["headcount"], figures.headcount],
        [label["certificates_issued"], figures.certificates_issued],
    ]
    if figures.certificates_revoked:
        summary_rows.append([label["certificates_revoked"], figures.certificates_revoked])

    def group_name(key: str | None) -> str:
        if key is None:
            return label["not_stated"]
        return text(groups[key].name) if key in groups else key

    tables = [
        ReportTable("summary", label["summary"], [label["indicator"], label["value"]], summary_rows),
        ReportTable(
            "target_groups", label["by_target_group"], [label["target_group_id"], label["target_group"], label["participants"], label["minors"]],
            [[item.key or "", group_name(item.key), item.participants, item.minors] for item in figures.by_target_group], hidden=(0,),
        ),
        ReportTable(
            "organisations", label["by_organisation"], [label["organisation"], label["participants"], label["minors"]],
            [[item.key or label["not_stated"], item.participants, item.minors] for item in figures.by_organisation],
        ),
        ReportTable(
            "courses", label["by_course"],
            [label["course_id"], label["course"], label["enrolled"], label["attended"], label["sessions_held"], label["contact_hours"],
             label["planned_hours"], label["participant_hours"], label["completed"], label["completion_rate"], label["certificates"]],
            [
                [item.course_id, text(course.title) if (course := programme.course(item.course_id)) else item.course_id, item.enrolled, item.attended,
                 item.sessions_held, item.contact_hours, item.planned_contact_hours, item.participant_hours, item.completed, item.completion_rate, item.certificates]
                for item in figures.courses
            ],
            hidden=(0,),
        ),
        ReportTable(
            "events", label["events"],
            [label["event_id"], label["event"], label["kind"], label["planned"], label["held"], label["sessions_held"], label["contact_hours"],
             label["participants"], label["headcount"]],
            [
                [item.event_id, text(event.title) if (event := programme.event(item.event_id)) else item.event_id, kind_label(item.kind, language),
                 item.planned, item.held, item.sessions_held, item.contact_hours, item.participants, item.headcount]
                for item in figures.events
            ],
            hidden=(0,), numeric_from=2,
        ),
        ReportTable(
            "event_kinds", label["by_kind"],
            [label["kind_id"], label["kind"], label["event_count"], label["planned"], label["held"], label["sessions_held"], label["contact_hours"],
             label["participants"], label["headcount"]],
            [[item.kind, kind_label(item.kind, language), item.events, item.planned, item.held, item.sessions_held, item.contact_hours, item.participants,
              item.headcount] for item in figures.event_kinds],
            hidden=(0,),
        ),
        ReportTable(
            "periods", label["by_month" if figures.period_kind == "month" else "by_quarter"],
            [label["period_key"], label["period"], label["from"], label["to"], label["sessions_held"], label["course_sessions"], label["event_sessions"],
             label["contact_hours"], label["participants"], label["headcount"]],
            [[item.key, period_label(item.start, figures.period_kind, language), item.start, item.end, item.sessions_held, item.course_sessions,
              item.event_sessions, item.contact_hours, item.participants, item.headcount] for item in figures.periods],
            hidden=(0, 2, 3),
        ),
    ]
    return tables


# -- XLSX ---------------------------------------------------------------------------


def report_workbook(programme: Programme, figures: Indicators, language: str | None = None) -> bytes:
    """The report as a workbook: one tidy table per sheet, headers in row 1 (same figures, same bytes)."""
    lang = report_language(programme, language)
    workbook = Workbook()
    for index, table in enumerate(report_tables(programme, figures, lang)):
        sheet = add_table_sheet(workbook, _sheet_title(table.title), table.headers, table.rows, first=index == 0)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    return workbook_bytes(workbook)


def _sheet_title(title: str) -> str:
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31].strip()


# -- PDF ----------------------------------------------------------------------------


def report_pdf(programme: Programme, figures: Indicators, language: str | None = None, folder: Path | None = None,
               prepared_on: dt.date | None = None) -> bytes:
    """The report as an A4 PDF with the organiser's and funder's names and logos.

    ``folder`` is the programme folder the logo paths are relative to.
    """
    lang = report_language(programme, language)
    label = labels_for(lang)
    text = lambda value: programme.text(value, lang)  # noqa: E731
    tables = []
    for table in report_tables(programme, figures, lang):
        shown = [index for index in range(len(table.headers)) if index not in table.hidden]
        visible = [table.headers[index] for index in shown]
        rows = [[_cell(row[index], lang) for index in shown] for row in table.rows]
        tables.append({"key": table.key, "title": table.title, "headers": visible, "rows": rows, "numeric_from": table.numeric_from})
    funder = programme.funder
    context = {
        "lang": lang,
        "label": label,
        "programme_title": text(programme.title),
        "period": f"{long_date(programme.period.start, lang)} – {long_date(programme.period.end, lang)}",
        "records": (
            f"{long_date(figures.first_session, lang)} – {long_date(figures.last_session, lang)}" if figures.first_session and figures.last_session else None
        ),
        "prepared": long_date(prepared_on or dt.date.today(), lang),
        "organiser": text(programme.organiser.name),
        "funder": text(funder.name) if funder else None,
        "funder_programme": text(funder.programme) if funder and funder.programme else None,
        "managing_authority": text(funder.managing_authority) if funder and funder.managing_authority else None,
        "acknowledgement": text(funder.acknowledgement) if funder and funder.acknowledgement else None,
        "project_number": programme.funding.project_number if programme.funding else None,
        "logos": programme_logos(programme, folder),
        "tables": tables,
        "empty": figures.sessions_scheduled == 0 and figures.participants_reached == 0,
    }
    html = template_environment().get_template("records/report.html").render(**context)
    return render_pdf(html, "records/report.css", folder, page_numbers(label["page"], label["of"]))


def _cell(value: Any, language: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)) or value is None:
        return number(value, language)
    if isinstance(value, dt.date):
        return format_date(value, "short" if language != "en" else "dd/MM/y", locale=date_locale(language))
    return str(value)


# -- shared PDF machinery ------------------------------------------------------------


def programme_logos(programme: Programme, folder: Path | None) -> list[dict[str, str]]:
    """The organiser's and the funder's logos that exist, as file URIs with alt texts."""
    if folder is None:
        return []
    logos = []
    language = programme.main_language
    for name, logo in ((programme.text(programme.organiser.name, language), programme.organiser.logo),
                       (programme.text(programme.funder.name, language) if programme.funder else "", programme.funder.logo if programme.funder else None)):
        if logo and (folder / logo).is_file():
            logos.append({"src": (folder / logo).resolve().as_uri(), "alt": name})
    return logos


@lru_cache(maxsize=1)
def _font_config():  # type: ignore[no-untyped-def]
    return new_font_configuration()


@lru_cache(maxsize=8)
def _stylesheet(name: str):  # type: ignore[no-untyped-def]
    from weasyprint import CSS

    css = template_environment().get_template(name).render()
    return CSS(string=css, font_config=_font_config())


def page_numbers(page: str, of: str) -> str:
    """CSS putting 'Page 2 of 5' (in the report's language) at the bottom right of every page."""
    quote = lambda word: '"' + word.replace("\\", "").replace('"', "") + '"'  # noqa: E731
    return f"@page {{ @bottom-right {{ content: {quote(page + ' ')} counter(page) {quote(' ' + of + ' ')} counter(pages); }} }}"


def render_pdf(html: str, stylesheet: str, base: Path | None = None, extra_css: str | None = None) -> bytes:
    """HTML to PDF with one shared font configuration (fast, flat memory); weasyprint is imported lazily.

    CSS goes in as stylesheets, never through the (autoescaping) template.
    """
    from weasyprint import CSS, HTML

    stylesheets = [_stylesheet(stylesheet)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css, font_config=_font_config()))
    base_url = (base or Path.cwd()).resolve().as_uri() + "/"
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets, font_config=_font_config())
