"""Rendering: Jinja2 templates to HTML (and, later, WeasyPrint PDFs)."""
