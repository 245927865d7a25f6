"""imsmanifest.xml for SCORM 1.2 and SCORM 2004 4th edition, built with lxml.

Both versions describe the same course: one organisation, one item per module
(each its own SCO), then the knowledge check as a scored SCO. Metadata (title,
description, language, typical learning time, keywords, publisher) is written
inline as LOM: IMS Metadata 1.2.1 for SCORM 1.2, IEEE LOM for SCORM 2004.

SCORM 1.2 expresses the order with adlcp:prerequisites (Moodle honours them
in its table of contents); SCORM 2004 with simple sequencing: every module
writes its primary objective to a global objective, the next module (and the
check) is disabled until the ones before are satisfied, flow and choice
navigation are on, and only the check counts towards the course's success.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from ._plan import CHECK_FILE, ModuleSco, PackagePlan, ScormVersion
from ._strings import labels

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

NS_12 = {
    None: "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "imsmd": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    "xsi": XSI,
}
SCHEMAS_12 = (
    ("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
    ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
    ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
)
NS_2004 = {
    None: "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
    "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "lom": "http://ltsc.ieee.org/xsd/LOM",
    "xsi": XSI,
}
SCHEMAS_2004 = (
    ("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
    ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
    ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
    ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
    ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
    ("http://ltsc.ieee.org/xsd/LOM", "lom.xsd"),
)


def iso_duration(minutes: int) -> str:
    hours, rest = divmod(max(int(minutes), 0), 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _vcard(name: str) -> str:
    escaped = name.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", " ")
    return f"BEGIN:VCARD\nVERSION:3.0\nFN:{escaped}\nORG:{escaped}\nEND:VCARD"


class _Writer:
    """Element helpers bound to one version's namespaces."""

    def __init__(self, namespaces: Mapping[str | None, str]) -> None:
        self.ns = namespaces

    def qname(self, name: str) -> str:
        prefix, _, local = name.rpartition(":")
        return f"{{{self.ns[prefix or None]}}}{local}"

    def sub(self, parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, self.qname(name), {self._attribute(key): value for key, value in attributes.items()})
        if text is not None:
            element.text = text
        return element

    def _attribute(self, key: str) -> str:
        if key == "xml_lang":
            return XML_LANG
        prefix, _, local = key.partition("__")
        return f"{{{self.ns[prefix]}}}{local}" if local else key


def build_manifest(plan: PackagePlan, files: Mapping[str, Sequence[str]]) -> bytes:
    """The manifest; ``files`` lists each resource's files by resource id ('' for shared assets)."""
    if plan.version is ScormVersion.SCORM_12:
        root = _manifest_12(plan, files)
    else:
        root = _manifest_2004(plan, files)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _root(w: _Writer, plan: PackagePlan, schemas: Sequence[tuple[str, str]]) -> etree._Element:
    root = etree.Element(w.qname("manifest"), nsmap=w.ns, identifier=plan.identifier, version="1")
    root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{namespace} {location}" for namespace, location in schemas))
    return root


def _shared_resource_id() -> str:
    return "RES-SHARED"


# -- SCORM 1.2 ----------------------------------------------------------------------


def _manifest_12(plan: PackagePlan, files: Mapping[str, Sequence[str]]) -> etree._Element:
    w = _Writer(NS_12)
    root = _root(w, plan, SCHEMAS_12)
    metadata = w.sub(root, "metadata")
    w.sub(metadata, "schema", "ADL SCORM")
    w.sub(metadata, "schemaversion", "1.2")
    _lom_12(w, metadata, plan, plan.identifier, plan.title, plan.description, plan.minutes, _course_keywords(plan), publisher=True)

    organizations = w.sub(root, "organizations", default=plan.organisation_id)
    organisation = w.sub(organizations, "organization", identifier=plan.organisation_id)
    w.sub(organisation, "title", plan.title)
    previous: list[str] = []
    for sco in plan.modules:
        item = w.sub(organisation, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
        w.sub(item, "title", plan.text(sco.module.title))
        if previous:
            w.sub(item, "adlcp:prerequisites", previous[-1], type="aicc_script")
        previous.append(sco.item_id)
    if plan.has_check:
        item = w.sub(organisation, "item", identifier="ITEM-CHECK", identifierref="RES-CHECK", isvisible="true")
        w.sub(item, "title", labels(plan.language)["check_title"])
        if previous:
            # The modules are chained, so the last one stands for all (and the field holds 200 characters).
            w.sub(item, "adlcp:prerequisites", previous[-1], type="aicc_script")
        w.sub(item, "adlcp:masteryscore", _mastery_score(plan.pass_mark_percent))

    _resources(w, root, plan, files, "adlcp__scormtype", _lom_12)
    return root


def _mastery_score(percent: float) -> str:
    # SCORM 1.2 masteryscore is a decimal 0-100; Moodle compares it with cmi.core.score.raw.
    return f"{percent:g}"


def _lom_12(
    w: _Writer,
    parent: etree._Element,
    plan: PackagePlan,
    identifier: str,
    title: str,
    description: str,
    minutes: int,
    keywords: list[str],
    publisher: bool = False,
) -> None:
    language = plan.language
    lom = w.sub(parent, "imsmd:lom")
    general = w.sub(lom, "imsmd:general")
    w.sub(general, "imsmd:identifier", identifier)
    w.sub(w.sub(general, "imsmd:title"), "imsmd:langstring", title, xml_lang=language)
    w.sub(general, "imsmd:language", language)
    if description:
        w.sub(w.sub(general, "imsmd:description"), "imsmd:langstring", description, xml_lang=language)
    for keyword in keywords:
        w.sub(w.sub(general, "imsmd:keyword"), "imsmd:langstring", keyword)  # keywords are not translated
    if publisher:
        lifecycle = w.sub(lom, "imsmd:lifecycle")
        contribute = w.sub(lifecycle, "imsmd:contribute")
        role = w.sub(contribute, "imsmd:role")
        w.sub(w.sub(role, "imsmd:source"), "imsmd:langstring", "LOMv1.0", xml_lang="x-none")
        w.sub(w.sub(role, "imsmd:value"), "imsmd:langstring", "Publisher", xml_lang="x-none")
        w.sub(w.sub(contribute, "imsmd:centity"), "imsmd:vcard", _vcard(plan.text(plan.programme.organiser.name)))
        metametadata = w.sub(lom, "imsmd:metametadata")
        w.sub(metametadata, "imsmd:metadatascheme", "ADL SCORM 1.2")
        w.sub(metametadata, "imsmd:language", language)
    technical = w.sub(lom, "imsmd:technical")
    w.sub(technical, "imsmd:format", "text/html")
    educational = w.sub(lom, "imsmd:educational")
    w.sub(w.sub(educational, "imsmd:typicallearningtime"), "imsmd:datetime", iso_duration(minutes))
    w.sub(educational, "imsmd:language", language)


def _files(w: _Writer, resource: etree._Element, paths: Sequence[str]) -> None:
    for path in sorted(paths):
        w.sub(resource, "file", href=path)


def _course_keywords(plan: PackagePlan) -> list[str]:
    return list(dict.fromkeys(keyword for sco in plan.modules for keyword in sco.module.keywords))


# -- SCORM 2004 4th edition ---------------------------------------------------------


def _manifest_2004(plan: PackagePlan, files: Mapping[str, Sequence[str]]) -> etree._Element:
    w = _Writer(NS_2004)
    root = _root(w, plan, SCHEMAS_2004)
    metadata = w.sub(root, "metadata")
    w.sub(metadata, "schema", "ADL SCORM")
    w.sub(metadata, "schemaversion", "2004 4th Edition")
    _lom_2004(w, metadata, plan, plan.identifier, plan.title, plan.description, plan.minutes, _course_keywords(plan), publisher=True)

    organizations = w.sub(root, "organizations", default=plan.organisation_id)
    organisation = w.sub(organizations, "organization", identifier=plan.organisation_id, adlseq__objectivesGlobalToSystem="false")
    w.sub(organisation, "title", plan.title)
    for position, sco in enumerate(plan.modules):
        item = w.sub(organisation, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
        w.sub(item, "title", plan.text(sco.module.title))
        before = plan.modules[position - 1 : position] if position else ()
        _module_sequencing(w, item, plan, sco, before)
    if plan.has_check:
        item = w.sub(organisation, "item", identifier="ITEM-CHECK", identifierref="RES-CHECK", isvisible="true")
        w.sub(item, "title", labels(plan.language)["check_title"])
        _check_sequencing(w, item, plan)
    sequencing = w.sub(organisation, "imsss:sequencing")
    w.sub(sequencing, "imsss:controlMode", choice="true", flow="true")

    _resources(w, root, plan, files, "adlcp__scormType", _lom_2004)
    return root


def _resources(w: _Writer, root: etree._Element, plan, files, type_attribute: str, lom) -> None:
    """The resources of both versions; they differ in the spelling of
    scormtype / scormType and in the metadata each module carries."""
    resources = w.sub(root, "resources")
    for sco in plan.modules:
        resource = w.sub(resources, "resource", identifier=sco.resource_id, type="webcontent", href=sco.href, **{type_attribute: "sco"})
        metadata = w.sub(resource, "metadata")
        module = sco.module
        lom(w, metadata, plan, f"{plan.identifier}.{module.id}", plan.text(module.title), plan.text(module.summary), module.minutes, list(module.keywords))
        _files(w, resource, files.get(sco.resource_id, ()))
        w.sub(resource, "dependency", identifierref=_shared_resource_id())
    if plan.has_check:
        resource = w.sub(resources, "resource", identifier="RES-CHECK", type="webcontent", href=CHECK_FILE, **{type_attribute: "sco"})
        _files(w, resource, files.get("RES-CHECK", ()))
        w.sub(resource, "dependency", identifierref=_shared_resource_id())
    shared = w.sub(resources, "resource", identifier=_shared_resource_id(), type="webcontent", **{type_attribute: "asset"})
    _files(w, shared, files.get("", ()))


def _disabled_unless_satisfied(w: _Writer, sequencing: etree._Element, references: Sequence[str]) -> None:
    if not references:
        return
    rules = w.sub(sequencing, "imsss:sequencingRules")
    rule = w.sub(rules, "imsss:preConditionRule")
    conditions = w.sub(rule, "imsss:ruleConditions", conditionCombination="any")
    for reference in references:
        w.sub(conditions, "imsss:ruleCondition", referencedObjective=reference, operator="not", condition="satisfied")
        w.sub(conditions, "imsss:ruleCondition", referencedObjective=reference, operator="not", condition="objectiveStatusKnown")
    w.sub(rule, "imsss:ruleAction", action="disabled")


def _module_sequencing(w: _Writer, item: etree._Element, plan: PackagePlan, sco: ModuleSco, before: Sequence[ModuleSco]) -> None:
    sequencing = w.sub(item, "imsss:sequencing")
    references = [f"done-{other.module.id}" for other in before]
    _disabled_unless_satisfied(w, sequencing, references)
    # A module's own success is reading it through; only the check decides the course's success.
    w.sub(sequencing, "imsss:rollupRules", rollupObjectiveSatisfied="false")
    objectives = w.sub(sequencing, "imsss:objectives")
    primary = w.sub(objectives, "imsss:primaryObjective", objectiveID=f"done-{sco.module.id}")
    w.sub(primary, "imsss:mapInfo", targetObjectiveID=plan.objective_id(sco.module.id), readSatisfiedStatus="true", writeSatisfiedStatus="true")
    for other, reference in zip(before, references):
        objective = w.sub(objectives, "imsss:objective", objectiveID=reference)
        w.sub(objective, "imsss:mapInfo", targetObjectiveID=plan.objective_id(other.module.id), readSatisfiedStatus="true", writeSatisfiedStatus="false")
    w.sub(sequencing, "imsss:deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


def _check_sequencing(w: _Writer, item: etree._Element, plan: PackagePlan) -> None:
    sequencing = w.sub(item, "imsss:sequencing")
    references = [f"done-{sco.module.id}" for sco in plan.modules]
    _disabled_unless_satisfied(w, sequencing, references)
    objectives = w.sub(sequencing, "imsss:objectives")
    primary = w.sub(objectives, "imsss:primaryObjective", objectiveID="knowledge-check", satisfiedByMeasure="true")
    w.sub(primary, "imsss:minNormalizedMeasure", f"{plan.pass_mark_percent / 100:.4g}")
    for sco, reference in zip(plan.modules, references):
        objective = w.sub(objectives, "imsss:objective", objectiveID=reference)
        w.sub(objective, "imsss:mapInfo", targetObjectiveID=plan.objective_id(sco.module.id), readSatisfiedStatus="true", writeSatisfiedStatus="false")
    w.sub(sequencing, "imsss:deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


def _lom_2004(
    w: _Writer,
    parent: etree._Element,
    plan: PackagePlan,
    identifier: str,
    title: str,
    description: str,
    minutes: int,
    keywords: list[str],
    publisher: bool = False,
) -> None:
    language = plan.language
    lom = w.sub(parent, "lom:lom")
    general = w.sub(lom, "lom:general")
    entry = w.sub(general, "lom:identifier")
    w.sub(entry, "lom:catalog", "URI")
    w.sub(entry, "lom:entry", f"urn:{identifier.replace('.', ':')}")
    w.sub(w.sub(general, "lom:title"), "lom:string", title, language=language)
    w.sub(general, "lom:language", language)
    if description:
        w.sub(w.sub(general, "lom:description"), "lom:string", description, language=language)
    for keyword in keywords:
        w.sub(w.sub(general, "lom:keyword"), "lom:string", keyword)  # keywords are not translated
    if publisher:
        lifecycle = w.sub(lom, "lom:lifeCycle")
        contribute = w.sub(lifecycle, "lom:contribute")
        role = w.sub(contribute, "lom:role")
        w.sub(role, "lom:source", "LOMv1.0")
        w.sub(role, "lom:value", "publisher")
        w.sub(contribute, "lom:entity", _vcard(plan.text(plan.programme.organiser.name)))
        metametadata = w.sub(lom, "lom:metaMetadata")
        w.sub(metametadata, "lom:metadataSchema", "LOMv1.0")
        w.sub(metametadata, "lom:metadataSchema", "SCORM_CAM_v1.3")
        w.sub(metametadata, "lom:language", language)
    technical = w.sub(lom, "lom:technical")
    w.sub(technical, "lom:format", "text/html")
    educational = w.sub(lom, "lom:educational")
    w.sub(w.sub(educational, "lom:typicalLearningTime"), "lom:duration", iso_duration(minutes))
    w.sub(educational, "lom:language", language)
