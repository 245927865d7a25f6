"""The public certificate verification page (what a certificate's QR code opens)."""

from .app import make_app
from .labels import LANGUAGES, pick_language
from .server import start_in_thread, verification_server

__all__ = ["LANGUAGES", "make_app", "pick_language", "start_in_thread", "verification_server"]
