"""Printed certificates: A4 landscape PDFs, one per person, for printing, in a ZIP.

The issuing service builds a ``CertificateView`` per certificate (everything
in the certificate's language) and calls ``write_certificate_set`` or
``render_certificates``. ``printed_fields`` gives the strings printed for
the fields verification reads back. Templates: ``curriculum/templates/
certificates/``, overridable per programme (docs/printing.md).
"""

from .files import CertificateSet, combine_certificates, render_certificates, write_certificate_set
from .labels import CertificateLabels, certificate_labels
from .render import ATTACHMENT_NAME, Progress
from .view import CertificateRenderError, CertificateView, printed_fields

__all__ = [
    "ATTACHMENT_NAME",
    "CertificateLabels",
    "CertificateRenderError",
    "CertificateSet",
    "CertificateView",
    "Progress",
    "certificate_labels",
    "combine_certificates",
    "printed_fields",
    "render_certificates",
    "write_certificate_set",
]
