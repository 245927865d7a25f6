"""The certificate's template and stylesheet, with a programme's overrides.

The package's files live in ``curriculum/templates/certificates/``. A
programme's template folder (the ``templates/`` folder the guide and the
handbook use too) may hold ``certificate.html.j2`` and ``certificate.css``;
each one found there replaces the package's. ``original/certificate.html.j2``
always names the package's file, so an override can extend it.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from markupsafe import Markup

from .labels import CertificateLabels, certificate_labels
from .view import CertificateRenderError, CertificateView, printed_fields

PACKAGE_FOLDER = Path(__file__).resolve().parent.parent.parent / "templates" / "certificates"
TEMPLATE = "certificate.html.j2"
STYLESHEET = "certificate.css"


@dataclass(frozen=True)
class Printed:
    """One certificate as the template sees it."""

    view: CertificateView
    fields: dict[str, str]
    labels: CertificateLabels
    qr: Markup
    logos: tuple[str, ...]
    title: str


@lru_cache(maxsize=32)
def certificate_environment(template_dir: Path | None) -> Environment:
    """Always autoescaped (``.j2`` names would escape nothing by extension)."""
    package = FileSystemLoader(str(PACKAGE_FOLDER))
    loaders: list = [PrefixLoader({"original": package})]
    if template_dir is not None:
        loaders.append(FileSystemLoader(str(template_dir)))
    loaders.append(package)
    return Environment(loader=ChoiceLoader(loaders), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def stylesheet(template_dir: Path | None) -> str:
    override = template_dir / STYLESHEET if template_dir is not None else None
    source = override if override is not None and override.is_file() else PACKAGE_FOLDER / STYLESHEET
    return source.read_text(encoding="utf-8")


QR_BORDER = 4  # modules of quiet zone around the code


def qr_code(url: str):
    import segno  # imported when the first certificate is drawn (it pulls in urllib and ssl)

    return segno.make_qr(url, error="m")


def qr_svg(url: str) -> Markup:
    """The QR code as inline SVG: vector, sharp at any size."""
    return Markup(qr_code(url).svg_inline(border=QR_BORDER, omitsize=True, dark="#000", light="#fff"))


def document_title(view: CertificateView) -> str:
    return f"{certificate_labels(view.language).title} {view.serial} – {view.participant_name}"


def check_logos(view: CertificateView) -> None:
    for logo in view.logos:
        if not Path(logo).is_file():
            raise CertificateRenderError(f"certificate {view.serial}: the logo {logo} does not exist")


def printed(view: CertificateView, layer: "Layer" = "whole") -> Printed:
    """What the template is given; in the variable layer the renderer draws the QR code itself (render.py)."""
    check_logos(view)
    return Printed(
        view=view,
        fields=printed_fields(view),
        labels=certificate_labels(view.language),
        qr=Markup("") if layer == "variable" else qr_svg(view.verification_url),
        logos=tuple(Path(logo).resolve().as_uri() for logo in view.logos),
        title=document_title(view),
    )


Layer = Literal["whole", "static", "variable"]


def has_override(template_dir: Path | None) -> bool:
    """Whether the programme replaces the template or the stylesheet (then certificates are drawn whole)."""
    return template_dir is not None and any((Path(template_dir) / name).is_file() for name in (TEMPLATE, STYLESHEET))


def batch_html(views: list[CertificateView], layer: Layer = "whole") -> str:
    """One HTML document with a page-sized section per certificate (all with the same template folder).

    ``layer``: "whole" draws everything; "static" what certificates of one
    course share; "variable" the name, numbers and QR code only."""
    template_dir = views[0].template_dir
    environment = certificate_environment(template_dir)
    try:
        return environment.get_template("batch.html.j2").render(items=[printed(view, layer) for view in views], layer=layer)
    except TemplateError as error:
        where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if where is None:
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
            if frames:
                where, line = frames[-1].filename, frames[-1].lineno
        location = f"{where or TEMPLATE}" + (f":{line}" if line else "")
        raise CertificateRenderError(f"{location}: {error.message or error}") from None
