"""The SCORM activity's own records, read from the package the way Moodle reads it.

Moodle's restore does not unpack or parse a SCORM package again: it expects the
backup to carry the unpacked files (file area ``content``) and the rows Moodle
made when the package was first uploaded (``scorm_scoes``: one per organisation,
one per item). This module derives both from the package itself, so they cannot
disagree with it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .._common import MoodleExportError

# Item settings Moodle keeps as sco data (its names, lower case).
_SCO_DATA = ("datafromlms", "masteryscore", "maxtimeallowed", "timelimitaction", "prerequisites", "completionthreshold", "datafromlms")


@dataclass(frozen=True)
class Sco:
    """One row of Moodle's scorm_scoes: an organisation (launch '') or an item."""

    manifest: str
    organization: str
    parent: str
    identifier: str
    launch: str
    scormtype: str
    title: str
    data: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ScormPackage:
    data: bytes
    version: str  # Moodle's value: SCORM_1.2 or SCORM_1.3
    members: dict[str, bytes] = field(default_factory=dict)
    scoes: tuple[Sco, ...] = ()

    @property
    def launch_index(self) -> int:
        """Position of the first SCO that can be launched (Moodle's ``scorm.launch``)."""
        return next(index for index, sco in enumerate(self.scoes) if sco.launch)


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in node if isinstance(child.tag, str) and _local(child) == name]


def _child_text(node: etree._Element, name: str) -> str:
    found = _children(node, name)
    return (found[0].text or "").strip() if found else ""


def read_scorm_package(data: bytes) -> ScormPackage:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    if "imsmanifest.xml" not in members:
        raise MoodleExportError("the SCORM package has no imsmanifest.xml at its root")
    manifest = etree.fromstring(members["imsmanifest.xml"])
    version_text = " ".join(node.text or "" for node in manifest.iter() if isinstance(node.tag, str) and _local(node) == "schemaversion")
    version = "SCORM_1.3" if "2004" in version_text or "CAM 1.3" in version_text else "SCORM_1.2"
    manifest_id = manifest.get("identifier", "")
    resources = {
        resource.get("identifier", ""): resource
        for holder in _children(manifest, "resources")
        for resource in _children(holder, "resource")
    }
    scoes: list[Sco] = []
    for holder in _children(manifest, "organizations"):
        for organisation in _children(holder, "organization"):
            org_id = organisation.get("identifier", "")
            scoes.append(Sco(manifest_id, "", "/", org_id, "", "", _child_text(organisation, "title")))
            _items(organisation, org_id, org_id, manifest_id, resources, scoes)
    if not any(sco.launch for sco in scoes):
        raise MoodleExportError("the SCORM package has no item that can be launched")
    return ScormPackage(data, version, members, tuple(scoes))


def _items(parent: etree._Element, parent_id: str, org_id: str, manifest_id: str, resources: dict, scoes: list[Sco]) -> None:
    for item in _children(parent, "item"):
        identifier = item.get("identifier", "")
        launch, scormtype = "", ""
        resource = resources.get(item.get("identifierref", ""))
        if resource is not None:
            launch = resource.get("href", "") + (item.get("parameters") or "")
            scormtype = next((value for name, value in resource.attrib.items() if etree.QName(name).localname.lower() == "scormtype"), "asset").lower()
        data = [("isvisible", item.get("isvisible", "true")), ("parameters", item.get("parameters", ""))]
        for child in item:
            if isinstance(child.tag, str) and _local(child).lower() in _SCO_DATA:
                data.append((_local(child).lower(), (child.text or "").strip()))
        scoes.append(Sco(manifest_id, org_id, parent_id, identifier, launch, scormtype, _child_text(item, "title"), tuple(data)))
        _items(item, identifier, org_id, manifest_id, resources, scoes)
