"""The Common Cartridge 1.1 validated against the schemas Moodle validates imports with,
and recognised the way Moodle recognises a 1.1 cartridge."""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from lms_adapters.moodle.cartridge import CC_NAMESPACE, build_cartridge, cartridge_file_name, write_cartridge
from moodle_files_support import every_case

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "cc11"
CP = f"{{{CC_NAMESPACE}}}"
CASES = every_case()


@lru_cache(maxsize=None)
def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_manifest_and_assessment_are_valid_common_cartridge_11(case):
    files = unzip(build_cartridge(case.programme, case.course_id, case.language))
    manifest = etree.fromstring(files["imsmanifest.xml"])
    validator = schema("cc11libxml2validator.xsd")
    assert validator.validate(manifest), validator.error_log
    # Moodle's detection: the 1.1 namespace in the first 1024 bytes, whitespace and quotes stripped.
    head = re.sub(r"[\s\"']", "", files["imsmanifest.xml"][:1024].decode("utf-8", "ignore"))
    assert f"xmlns={CC_NAMESPACE}" in head
    for resource in manifest.iter(f"{CP}resource"):
        for file in resource.iter(f"{CP}file"):
            assert file.get("href") in files
        if resource.get("type").startswith("imsqti"):
            assessment = etree.fromstring(files[resource.find(f"{CP}file").get("href")])
            qti = schema("ccv1p1_qtiasiv1p2p1_v1p0.xsd")
            assert qti.validate(assessment), qti.error_log
            items = assessment.findall(".//{*}item")
            assert len(items) == len(case.programme.knowledge_check(case.programme.course(case.course_id)))


@pytest.mark.parametrize("case", CASES[:3], ids=[case.id for case in CASES[:3]])
def test_one_item_per_module_in_order_with_its_learner_page(case):
    programme = case.programme
    files = unzip(build_cartridge(programme, case.course_id, case.language))
    manifest = etree.fromstring(files["imsmanifest.xml"])
    root = manifest.find(f"{CP}organizations/{CP}organization/{CP}item")
    modules = programme.course_modules(programme.course(case.course_id))
    titles = [item.findtext(f"{CP}title") for item in root.findall(f"{CP}item")]
    assert titles[: len(modules)] == [programme.text(module.title, case.language) for _, module in modules]
    first_page = files[f"01-{modules[0][1].id}/learner.html"].decode("utf-8")
    assert f'<html lang="{case.language}">' in first_page and "<meta charset=\"utf-8\">" in first_page
    trainer_words = programme.text(modules[0][1].trainer_notes, case.language).split("\n")[0][:30]
    assert all(trainer_words not in data.decode("utf-8", "ignore") for name, data in files.items() if name.endswith(".html"))


def test_the_validator_catches_a_broken_manifest():
    case = CASES[0]
    manifest = etree.fromstring(unzip(build_cartridge(case.programme, case.course_id, case.language))["imsmanifest.xml"])
    manifest.find(f"{CP}metadata/{CP}schemaversion").text = "1.3.0"
    assert not schema("cc11libxml2validator.xsd").validate(manifest)


def test_same_input_same_bytes_and_a_whole_file(tmp_path: Path):
    case = CASES[0]
    path = write_cartridge(case.programme, case.course_id, case.language, tmp_path)
    assert path.name == cartridge_file_name(case.programme, case.course_id, case.language) and path.suffix == ".imscc"
    assert path.read_bytes() == build_cartridge(case.programme, case.course_id, case.language)
    assert [item.name for item in tmp_path.iterdir()] == [path.name]
