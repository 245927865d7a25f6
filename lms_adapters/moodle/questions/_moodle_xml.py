"""Moodle XML (question bank import: Question bank > Import > Moodle XML format)."""

from __future__ import annotations

from lxml import etree

from ._bank import BankQuestion, QuestionBank, category_path

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _text(parent: etree._Element, tag: str, value: str, format: str | None = "html") -> etree._Element:
    node = etree.SubElement(parent, tag, {"format": format} if format else {})
    etree.SubElement(node, "text").text = value
    return node


def _leaf(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


def _fraction(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.5f}"


def _category(quiz: etree._Element, names: tuple[str, ...]) -> None:
    node = etree.SubElement(quiz, "question", {"type": "category"})
    category = etree.SubElement(node, "category")
    etree.SubElement(category, "text").text = category_path(names)
    _text(node, "info", "")


def _question(quiz: etree._Element, item: BankQuestion) -> None:
    node = etree.SubElement(quiz, "question", {"type": item.qtype})
    name = etree.SubElement(node, "name")
    etree.SubElement(name, "text").text = item.name
    _text(node, "questiontext", item.text)
    _text(node, "generalfeedback", "")
    _leaf(node, "defaultgrade", f"{item.points:.7f}")
    _leaf(node, "penalty", "1.0000000" if item.qtype == "truefalse" else "0.3333333")
    _leaf(node, "hidden", "0")
    _leaf(node, "idnumber", item.idnumber)
    if item.qtype == "multichoice":
        _leaf(node, "single", "true" if item.single else "false")
        _leaf(node, "shuffleanswers", "true")
        _leaf(node, "answernumbering", "abc")
        _leaf(node, "showstandardinstruction", "0")
        _text(node, "correctfeedback", item.correct_feedback)
        _text(node, "partiallycorrectfeedback", item.incorrect_feedback)
        _text(node, "incorrectfeedback", item.incorrect_feedback)
        etree.SubElement(node, "shownumcorrect")
    elif item.qtype == "shortanswer":
        _leaf(node, "usecase", "0")
    answer_format = "html" if item.qtype == "multichoice" else "moodle_auto_format"
    for answer in item.answers:
        element = _text(node, "answer", answer.text, answer_format)
        element.set("fraction", _fraction(answer.fraction))
        _text(element, "feedback", answer.feedback)


def moodle_xml(bank: QuestionBank) -> bytes:
    """A ``<quiz>`` with a category entry before each category's questions."""
    quiz = etree.Element("quiz")
    current: tuple[str, ...] | None = None
    for item in bank.questions:
        if item.category != current:
            _category(quiz, item.category)
            current = item.category
        _question(quiz, item)
    return DECLARATION + etree.tostring(quiz, encoding="UTF-8", pretty_print=True)
