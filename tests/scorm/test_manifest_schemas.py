"""Every manifest of every bundled course, in every language and both versions, against the official schemas.

The schemas live beside the repository (../shared/schemas, see its README):
SCORM 2004 4th edition with lxml and the wrapper that imports every
namespace; SCORM 1.2 with xmlschema (its published schemas are not strict
XSD, and the IMS metadata schema needs a lenient validator) and, for the
package structure without the metadata, with lxml too.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from lms_adapters.scorm import build_scorm_package
from scorm_fixtures import SCHEMAS, bundled_programmes, schemas_dir  # noqa: F401
from scorm_programmes import bundled_cases

CASES = bundled_cases(every_course=True)
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
IMSSS = "http://www.imsglobal.org/xsd/imsss"


@lru_cache(maxsize=None)
def _validator(version: str):
    if version == "2004":
        return etree.XMLSchema(etree.parse(str(SCHEMAS / "scorm2004" / "validate-all.xsd")))
    folder = SCHEMAS / "scorm12"
    return xmlschema.XMLSchema10(
        [str(folder / "imscp_rootv1p1p2.xsd"), str(folder / "adlcp_rootv1p2.xsd"), str(folder / "imsmd_rootv1p2p1.xsd")],
        base_url=str(folder),
        validation="lax",
    )


@lru_cache(maxsize=None)
def _structure_validator_12():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "scorm12" / "validate-all.xsd")))


def schema_errors(manifest: bytes, version: str) -> list[str]:
    if version == "2004":
        schema = _validator("2004")
        document = etree.fromstring(manifest)
        return [] if schema.validate(document) else [str(error) for error in schema.error_log]
    errors = [str(error) for error in _validator("1.2").iter_errors(manifest.decode("utf-8"))]
    # libxml2 as well, on the manifest without the IMS metadata it cannot load.
    document = copy.deepcopy(etree.fromstring(manifest))
    for element in document.xpath("//*[local-name()='lom']"):
        element.getparent().remove(element)
    structure = _structure_validator_12()
    if not structure.validate(document):
        errors += [str(error) for error in structure.error_log]
    return errors


def manifest_of(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("imsmanifest.xml")


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_manifest_validates_against_the_official_schemas(case, version, schemas_dir):
    programme = case.programme
    package = build_scorm_package(programme, case.course_id, case.language, version)
    manifest = manifest_of(package)
    assert schema_errors(manifest, version) == []

    root = etree.fromstring(manifest)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
    listed = {element.get("href") for element in root.iter() if etree.QName(element).localname == "file"}
    assert listed == names - {"imsmanifest.xml"}, "every file is listed in the manifest, and only files that exist"
    launches = [element.get("href") for element in root.iter() if etree.QName(element).localname == "resource" and element.get("href")]
    assert all(href in names for href in launches)


def test_a_broken_manifest_is_rejected_by_both_validators(bundled_programmes, schemas_dir):
    programme = bundled_programmes["000-different-client"].programme
    for version in ("1.2", "2004"):
        manifest = manifest_of(build_scorm_package(programme, programme.courses[0].id, "en", version))
        document = etree.fromstring(manifest)
        organisation = document.find(".//{*}organization")
        organisation.remove(organisation.find("{*}title"))
        organisation.insert(5, etree.Element(f"{{{document.nsmap[None]}}}title"))
        broken = etree.tostring(document)
        assert schema_errors(broken, version), f"a misplaced title must not pass as SCORM {version}"


def test_the_manifests_say_what_moodle_reads(bundled_programmes):
    programme = bundled_programmes["000-different-client"].programme
    course = programme.courses[0]
    manifest_12 = etree.fromstring(manifest_of(build_scorm_package(programme, course.id, "lv", "1.2")))
    ns = {"cp": manifest_12.nsmap[None], "adlcp": manifest_12.nsmap["adlcp"], "imsmd": IMSMD}
    assert manifest_12.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "1.2"
    items = manifest_12.findall(".//cp:organization/cp:item", ns)
    assert len(items) == len(course.modules) + 1
    assert items[-1].findtext("adlcp:masteryscore", namespaces=ns) == "80"  # the course states no pass mark
    assert items[1].findtext("adlcp:prerequisites", namespaces=ns) == items[0].get("identifier")
    assert items[-1].findtext("adlcp:prerequisites", namespaces=ns) == items[-2].get("identifier")
    scorm_types = {resource.get(f"{{{ns['adlcp']}}}scormtype") for resource in manifest_12.findall(".//cp:resource", ns)}
    assert scorm_types == {"sco", "asset"}
    lom = manifest_12.find("cp:metadata/imsmd:lom", ns)
    assert lom.findtext("imsmd:general/imsmd:language", namespaces=ns) == "lv"
    assert lom.findtext("imsmd:general/imsmd:title/imsmd:langstring", namespaces=ns) == programme.text(course.title, "lv")
    assert lom.findtext("imsmd:educational/imsmd:typicallearningtime/imsmd:datetime", namespaces=ns).startswith("PT")

    manifest_2004 = etree.fromstring(manifest_of(build_scorm_package(programme, course.id, "ru", "2004")))
    ns = {"cp": manifest_2004.nsmap[None], "imsss": IMSSS, "lom": "http://ltsc.ieee.org/xsd/LOM"}
    assert manifest_2004.findtext("cp:metadata/cp:schemaversion", namespaces=ns) == "2004 4th Edition"
    assert manifest_2004.findtext(".//lom:general/lom:language", namespaces=ns) == "ru"
    organisation = manifest_2004.find(".//cp:organization", ns)
    control = organisation.find("imsss:sequencing/imsss:controlMode", ns)
    assert (control.get("choice"), control.get("flow")) == ("true", "true")
    items = organisation.findall("cp:item", ns)
    assert items[0].find("imsss:sequencing/imsss:sequencingRules", ns) is None, "the first module is open"
    for item in items[1:]:
        rule = item.find("imsss:sequencing/imsss:sequencingRules/imsss:preConditionRule", ns)
        assert rule.find("imsss:ruleAction", ns).get("action") == "disabled"
    check = items[-1].find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", ns)
    assert check.get("satisfiedByMeasure") == "true"
    assert check.findtext("imsss:minNormalizedMeasure", namespaces=ns) == "0.8"
    conditions = items[-1].findall(".//imsss:ruleCondition", ns)
    assert len(conditions) == 2 * len(course.modules), "the check waits for every module"


def test_a_course_pass_mark_becomes_the_mastery_score(bundled_programmes):
    result = bundled_programmes["001-integration-centre"]
    programme = result.programme
    course = next(course for course in programme.courses if course.completion.pass_mark_percent)
    manifest = etree.fromstring(manifest_of(build_scorm_package(programme, course.id, "en", "1.2")))
    assert manifest.findtext(".//{*}item[@identifier='ITEM-CHECK']/{*}masteryscore") == f"{course.completion.pass_mark_percent:g}"
    manifest = etree.fromstring(manifest_of(build_scorm_package(programme, course.id, "en", "1.2", pass_mark_percent=55)))
    assert manifest.findtext(".//{*}item[@identifier='ITEM-CHECK']/{*}masteryscore") == "55"


def test_the_package_references_the_schemas_without_carrying_them(bundled_programmes):
    programme = bundled_programmes["000-different-client"].programme
    for version in ("1.2", "2004"):
        package = build_scorm_package(programme, programme.courses[0].id, "en", version)
        root = etree.fromstring(manifest_of(package))
        locations = root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
        files = locations[1::2]
        assert files and all(name.endswith(".xsd") for name in files)
        assert all((SCHEMAS / ("scorm12" if version == "1.2" else "scorm2004") / name).is_file() for name in files if name != "lom.xsd")
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            assert not [name for name in archive.namelist() if name.endswith((".xsd", ".dtd"))]


def test_the_knowledge_check_is_left_out_when_a_course_has_no_questions(tmp_path: Path):
    """The validator calls such a course a problem; the adapter still builds a sound package of it."""
    from curriculum.content import load_programme
    from scorm_programmes import simple_module, write_programme

    folder = write_programme(tmp_path / "quiet", {"only-reading": simple_module("Only reading", [])}, {})
    programme = load_programme(folder).programme
    for version in ("1.2", "2004"):
        package = build_scorm_package(programme, "test-course", "en", version)
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            assert "knowledge-check.html" not in archive.namelist()
        assert schema_errors(manifest_of(package), version) == []
