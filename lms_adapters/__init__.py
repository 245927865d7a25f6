"""Adapters toward learning platforms (SCORM packages, Moodle).

They take model objects in and produce files or HTTP calls; they never reach
into the records database.
"""
