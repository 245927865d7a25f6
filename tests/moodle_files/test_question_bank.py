"""The knowledge check as Moodle XML and GIFT: every question type mapped, marks that
Moodle accepts, and text with diacritics and GIFT's special characters intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from curriculum.model import LocalisedText
from curriculum.model.assessment import Assessment, Option, Question, QuestionType
from curriculum.render.markdown import render_markdown
from gift_reader import read_gift
from lms_adapters.moodle.backup import MoodleExportError
from lms_adapters.moodle.questions import build_question_bank, question_bank, question_bank_file_name, write_question_bank
from lms_adapters.moodle.questions._bank import FRACTIONS, inline_html
from moodle_files_support import bundled, every_case

TRICKY = "Ģirts & Šarūnas: {a=b} ~ 50% #1 \\ path C:\\temp — «Жёлтый» <b>not html</b>"


def programme_with(questions: tuple[Question, ...]):
    """The first bundled programme whose first course's first module asks ``questions``."""
    programme = bundled()["000-different-client"].programme
    course = programme.courses[0]
    module_id = course.modules[0].module
    module = programme.modules[module_id].model_copy(update={"assessment": Assessment(questions=questions)})
    trimmed = course.model_copy(update={"modules": course.modules[:1], "knowledge_check": Assessment()})
    return programme.model_copy(update={"modules": {**programme.modules, module_id: module}, "courses": (trimmed,)}), trimmed.id


def text(value: str) -> LocalisedText:
    return LocalisedText({"lv": value, "en": value, "ru": value})


TRICKY_QUESTIONS = (
    Question(id="single", type=QuestionType.SINGLE_CHOICE, prompt=text(TRICKY), options=(
        Option(text=text("= right {1}"), correct=True, feedback=text("Pareizi: #1 ~ ok")), Option(text=text("~ wrong: ā"), feedback=text("Nē")))),
    Question(id="multi", type=QuestionType.MULTIPLE_CHOICE, prompt=text("Kuri? (visi pareizie)"), options=(
        Option(text=text("a:1"), correct=True), Option(text=text("b=2"), correct=True), Option(text=text("c#3"), correct=True), Option(text=text("d}4"))),
        points=3),
    Question(id="tf", type=QuestionType.TRUE_FALSE, prompt=text("Ё: true?"), answer=False, feedback_correct=text("Jā {ok}"), feedback_incorrect=text("Nē ~ no")),
    Question(id="short", type=QuestionType.SHORT_ANSWER, prompt=text("Galvaspilsēta?"), accepted_answers=(text("Rīga"), text("Riga")), feedback_incorrect=text("Nē: Rīga")),
)


def test_gift_round_trip_keeps_tricky_text_and_every_answer():
    programme, course_id = programme_with(TRICKY_QUESTIONS)
    bank = question_bank(programme, course_id, "lv")
    read = read_gift(build_question_bank(programme, course_id, "lv", "gift"))
    assert [question.qtype for question in read] == ["multichoice", "multichoice", "truefalse", "shortanswer"]
    for written, back in zip(bank.questions, read, strict=True):
        assert back.name == written.name and back.format == "html"
        assert back.text == written.text
        assert back.category.startswith("$course$/top/")
        assert [(answer.text, round(answer.fraction, 5), answer.feedback) for answer in written.answers] == [
            (text_, round(fraction, 5), feedback) for text_, fraction, feedback in back.answers
        ]
    assert TRICKY.split(" — ")[0].replace("&", "&amp;") in read[0].text  # diacritics and : { } = ~ # \ survive
    assert read[1].single is False and read[0].single is True


def test_every_special_character_is_escaped_in_the_file():
    programme, course_id = programme_with(TRICKY_QUESTIONS[:1])
    gift = build_question_bank(programme, course_id, "lv", "gift").decode("utf-8")
    line = next(line for line in gift.split("\n") if line.startswith("::"))
    assert line.endswith("{")  # the answers start on the next lines
    body = line[line.index("[html]") + 6 : -1]
    assert re.search(r"(?<!\\)[~=#{}:]", body.replace("\\\\", "")) is None, body


def test_moodle_xml_maps_each_type_with_marks_moodle_accepts():
    programme, course_id = programme_with(TRICKY_QUESTIONS)
    quiz = etree.fromstring(build_question_bank(programme, course_id, "lv", "xml"))
    assert quiz.tag == "quiz"
    category, *questions = quiz
    assert category.get("type") == "category" and category.findtext("category/text").startswith("$course$/top/")
    assert [question.get("type") for question in questions] == ["multichoice", "multichoice", "truefalse", "shortanswer"]
    for question in questions:
        assert question.find("questiontext").get("format") == "html"
        fractions = [float(answer.get("fraction")) for answer in question.iterfind("answer")]
        assert all(any(abs(abs(value) - allowed) < 1e-5 for allowed in FRACTIONS) for value in fractions)
    single, multi, truefalse, short = questions
    assert single.findtext("single") == "true" and single.findtext("shuffleanswers") == "true"
    assert [answer.get("fraction") for answer in single.iterfind("answer")] == ["100", "0"]
    assert single.find("questiontext/text").text == render_markdown(TRICKY).strip()
    assert multi.findtext("single") == "false" and multi.findtext("defaultgrade") == "3.0000000"
    right = [float(answer.get("fraction")) for answer in multi.iterfind("answer") if float(answer.get("fraction")) > 0]
    wrong = [float(answer.get("fraction")) for answer in multi.iterfind("answer") if float(answer.get("fraction")) < 0]
    assert round(sum(right), 2) == 100 and sum(wrong) == -100
    assert [(answer.findtext("text"), answer.get("fraction"), answer.findtext("feedback/text")) for answer in truefalse.iterfind("answer")] == [
        ("true", "0", "Nē ~ no"), ("false", "100", "Jā {ok}")]
    assert short.findtext("usecase") == "0"
    assert [(answer.findtext("text"), answer.get("fraction")) for answer in short.iterfind("answer")] == [("Rīga", "100"), ("Riga", "100"), ("*", "0")]


@pytest.mark.parametrize("case", every_case()[::4], ids=lambda case: case.id)
def test_bundled_checks_become_banks_with_a_category_per_module(case, tmp_path: Path):
    programme = case.programme
    course = programme.course(case.course_id)
    asked = programme.knowledge_check(course)
    xml_file = write_question_bank(programme, case.course_id, case.language, "xml", tmp_path)
    gift_file = write_question_bank(programme, case.course_id, case.language, "gift", tmp_path)
    assert xml_file.name == question_bank_file_name(programme, case.course_id, case.language, "xml")
    quiz = etree.parse(str(xml_file)).getroot()
    questions = [node for node in quiz if node.get("type") != "category"]
    assert len(questions) == len(asked) == len(read_gift(gift_file.read_bytes()))
    assert [node.findtext("idnumber") for node in questions] == [f"{module or 'course'}.{question.id}" for module, question in asked]
    categories = [node.findtext("category/text") for node in quiz if node.get("type") == "category"]
    titled = [programme.text(module.title, case.language) for _, module in programme.course_modules(course)]
    assert all(any(title in category for category in categories) for title, (_, module) in zip(titled, programme.course_modules(course)) if module.assessment.questions)


def test_unknown_format_and_unsplittable_marks_are_refused(tmp_path: Path):
    programme, course_id = programme_with(TRICKY_QUESTIONS)
    with pytest.raises(MoodleExportError, match="'qti' is not a question format"):
        write_question_bank(programme, course_id, "lv", "qti", tmp_path)
    many = Question(id="many", type=QuestionType.MULTIPLE_CHOICE, prompt=text("?"), options=tuple(Option(text=text(str(n)), correct=n < 11) for n in range(12)))
    programme, course_id = programme_with((many,))
    with pytest.raises(MoodleExportError, match="cannot split a mark 11 ways"):
        build_question_bank(programme, course_id, "lv", "xml")
    assert list(tmp_path.iterdir()) == []


def test_short_texts_lose_only_their_paragraph():
    assert inline_html("*ļoti* svarīgi") == "<em>ļoti</em> svarīgi"
    assert inline_html("one\n\ntwo").count("<p>") == 2
