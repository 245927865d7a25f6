"""The knowledge check as a QTI 1.2 assessment in the Common Cartridge 1.1 profile.

Question types map to the cartridge profiles Moodle's importer turns into quiz
questions: single choice -> cc.multiple_choice, multiple choice ->
cc.multiple_response (right only when exactly the right options are ticked),
true/false -> cc.true_false, short answer -> cc.fib (case-insensitive).
"""

from __future__ import annotations

from lxml import etree

from curriculum.model import Course, Programme
from curriculum.model.assessment import Question, QuestionType
from curriculum.render.markdown import render_markdown

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
ASSESSMENT_TYPE = "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{QTI_NAMESPACE} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd"
PROFILES = {
    QuestionType.SINGLE_CHOICE: "cc.multiple_choice.v0p1",
    QuestionType.MULTIPLE_CHOICE: "cc.multiple_response.v0p1",
    QuestionType.TRUE_FALSE: "cc.true_false.v0p1",
    QuestionType.SHORT_ANSWER: "cc.fib.v0p1",
}
TRUE_FALSE = {"en": ("True", "False"), "lv": ("Patiess", "Nepatiess"), "lt": ("Tiesa", "Netiesa"), "ru": ("Верно", "Неверно")}


def _q(tag: str) -> str:
    return f"{{{QTI_NAMESPACE}}}{tag}"


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, _q(tag), {name.rstrip("_"): value for name, value in attributes.items()})


def _metadata(parent: etree._Element, fields: list[tuple[str, str]]) -> None:
    holder = _sub(parent, "qtimetadata")
    for name, value in fields:
        field = _sub(holder, "qtimetadatafield")
        _sub(field, "fieldlabel").text = name
        _sub(field, "fieldentry").text = value


def _material(parent: etree._Element, html: str) -> None:
    _sub(_sub(parent, "material"), "mattext", texttype="text/html").text = html


def _feedback(item: etree._Element, ident: str, html: str) -> None:
    _material(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), html)


def _score(condition: etree._Element, value: str) -> None:
    _sub(condition, "setvar", action="Set", varname="SCORE").text = value


def _item(section: etree._Element, number: int, module_id: str | None, question: Question, text, language: str) -> None:
    item = _sub(section, "item", ident=f"Q{number:03d}", title=f"{number:02d} {question.id}")
    _metadata(_sub(item, "itemmetadata"), [("cc_profile", PROFILES[question.type]), ("cc_weighting", f"{question.points:g}")])
    presentation = _sub(item, "presentation")
    _material(presentation, render_markdown(text(question.prompt)).strip())
    feedback: list[tuple[str, str]] = []
    processing = _sub(item, "resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")

    if question.type is QuestionType.SHORT_ANSWER:
        response = _sub(presentation, "response_str", ident="R1", rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="A1")
        for accepted in question.accepted_answers:
            condition = _sub(processing, "respcondition", continue_="No")
            _sub(_sub(condition, "conditionvar"), "varequal", respident="R1", case="No").text = text(accepted).strip()
            _score(condition, "100")
    else:
        if question.type is QuestionType.TRUE_FALSE:
            words = TRUE_FALSE.get(language, TRUE_FALSE["en"])
            choices = [("T", words[0], bool(question.answer), ""), ("F", words[1], not question.answer, "")]
        else:
            choices = [
                (f"A{index}", render_markdown(text(option.text)).strip(), option.correct, render_markdown(text(option.feedback)).strip() if option.feedback else "")
                for index, option in enumerate(question.options, start=1)
            ]
        cardinality = "Multiple" if question.type is QuestionType.MULTIPLE_CHOICE else "Single"
        render = _sub(_sub(presentation, "response_lid", ident="R1", rcardinality=cardinality), "render_choice")
        for ident, label_html, _, _ in choices:
            _material(_sub(render, "response_label", ident=ident), label_html)
        if cardinality == "Multiple":
            condition = _sub(processing, "respcondition", continue_="No")
            every = _sub(_sub(condition, "conditionvar"), "and")
            for ident, _, correct, _ in choices:
                holder = every if correct else _sub(every, "not")
                _sub(holder, "varequal", respident="R1").text = ident
            _score(condition, "100")
        else:
            right = next(ident for ident, _, correct, _ in choices if correct)
            condition = _sub(processing, "respcondition", continue_="No")
            _sub(_sub(condition, "conditionvar"), "varequal", respident="R1").text = right
            _score(condition, "100")
        for ident, _, _, html in choices:
            if html:
                condition = _sub(processing, "respcondition", continue_="Yes")
                _sub(_sub(condition, "conditionvar"), "varequal", respident="R1").text = ident
                _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=f"{ident}_fb")
                feedback.append((f"{ident}_fb", html))
    for ident, html in feedback:
        _feedback(item, ident, html)


def assessment_xml(programme: Programme, course: Course, language: str, title: str) -> bytes:
    text = lambda value: programme.text(value, language)  # noqa: E731
    root = etree.Element(_q("questestinterop"), nsmap={None: QTI_NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    assessment = _sub(root, "assessment", ident="CHECK", title=title)
    _metadata(assessment, [("cc_profile", "cc.exam.v0p1"), ("qmd_assessmenttype", "Examination"), ("cc_maxattempts", "unlimited")])
    section = _sub(assessment, "section", ident="ROOT")
    for number, (module_id, question) in enumerate(programme.knowledge_check(course), start=1):
        _item(section, number, module_id, question, text, language)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8", pretty_print=True)


__all__ = ["ASSESSMENT_TYPE", "QTI_NAMESPACE", "assessment_xml"]
