"""The cartridge's files: imsmanifest.xml, a page per module, the assessment."""

from __future__ import annotations

import html

from lxml import etree

from curriculum.model import Programme
from curriculum.render.markdown import render_markdown
from lms_adapters.scorm._zip import reproducible_zip

from .._common import label, resolve_course
from ._qti import ASSESSMENT_TYPE, assessment_xml

CC_NAMESPACE = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{CC_NAMESPACE} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOM_MANIFEST} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd "
    f"{LOM_RESOURCE} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd"
)
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def cartridge_file_name(programme: Programme, course_id: str, language: str) -> str:
    return f"{programme.id}-{course_id}-{language}.imscc"


def _page(title: str, body: str, language: str) -> bytes:
    document = (
        "<!DOCTYPE html>\n"
        f'<html lang="{language}">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n</head>\n'
        f"<body>\n<h1>{html.escape(title)}</h1>\n{body}</body>\n</html>\n"
    )
    return document.encode("utf-8")


def _cp(tag: str) -> str:
    return f"{{{CC_NAMESPACE}}}{tag}"


def _lom(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{LOM_MANIFEST}}}{tag}")


def _lang_string(parent: etree._Element, tag: str, text: str, language: str) -> None:
    holder = _lom(parent, tag)
    string = _lom(holder, "string")
    string.set("language", language)
    string.text = text


def cartridge_files(programme: Programme, course_id: str, language: str) -> dict[str, bytes]:
    """Every file of the cartridge by its path inside the zip."""
    course = resolve_course(programme, course_id, language)
    text = lambda value: programme.text(value, language)  # noqa: E731
    title = text(course.title)
    files: dict[str, bytes] = {}

    manifest = etree.Element(_cp("manifest"), nsmap={None: CC_NAMESPACE, "lomimscc": LOM_MANIFEST, "lom": LOM_RESOURCE, "xsi": XSI})
    manifest.set("identifier", f"curriculum.{programme.id}.{course.id}.{language}")
    manifest.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = etree.SubElement(manifest, _cp("metadata"))
    etree.SubElement(metadata, _cp("schema")).text = "IMS Common Cartridge"
    etree.SubElement(metadata, _cp("schemaversion")).text = "1.1.0"
    general = _lom(_lom(metadata, "lom"), "general")
    _lang_string(general, "title", title, language)
    _lom(general, "language").text = language
    summary = text(course.summary)
    if summary:
        _lang_string(general, "description", summary, language)

    organisation = etree.SubElement(etree.SubElement(manifest, _cp("organizations")), _cp("organization"))
    organisation.set("identifier", "ORG-1")
    organisation.set("structure", "rooted-hierarchy")
    root = etree.SubElement(organisation, _cp("item"), identifier="ROOT")
    resources = etree.SubElement(manifest, _cp("resources"))

    def resource(identifier: str, kind: str, href: str) -> None:
        node = etree.SubElement(resources, _cp("resource"), identifier=identifier, type=kind)
        if kind == "webcontent":
            node.set("href", href)
        etree.SubElement(node, _cp("file"), href=href)

    for number, (_, module) in enumerate(programme.course_modules(course), start=1):
        module_title = text(module.title)
        folder = f"{number:02d}-{module.id}"
        section = etree.SubElement(root, _cp("item"), identifier=f"ITEM-{number:02d}")
        etree.SubElement(section, _cp("title")).text = module_title
        page = etree.SubElement(section, _cp("item"), identifier=f"ITEM-{number:02d}-PAGE", identifierref=f"RES-{number:02d}-PAGE")
        etree.SubElement(page, _cp("title")).text = module_title
        body = "".join(part for part in (render_markdown(text(module.summary)) if module.summary else "", render_markdown(text(module.learner_text))))
        files[f"{folder}/learner.html"] = _page(module_title, body, language)
        resource(f"RES-{number:02d}-PAGE", "webcontent", f"{folder}/learner.html")

    questions = programme.knowledge_check(course)
    if questions:
        check_title = label(language, "check")
        item = etree.SubElement(root, _cp("item"), identifier="ITEM-CHECK")
        etree.SubElement(item, _cp("title")).text = check_title
        quiz = etree.SubElement(item, _cp("item"), identifier="ITEM-CHECK-QUIZ", identifierref="RES-CHECK")
        etree.SubElement(quiz, _cp("title")).text = check_title
        files["knowledge-check/assessment.xml"] = assessment_xml(programme, course, language, check_title)
        resource("RES-CHECK", ASSESSMENT_TYPE, "knowledge-check/assessment.xml")

    files["imsmanifest.xml"] = DECLARATION + etree.tostring(manifest, encoding="UTF-8", pretty_print=True)
    return files


def build_cartridge(programme: Programme, course_id: str, language: str) -> bytes:
    """The .imscc (a zip, manifest first); the same input gives the same bytes."""
    return reproducible_zip(cartridge_files(programme, course_id, language))
