"""Moodle: publishing over its web services, and files a Moodle admin imports
(course backups, Common Cartridge, question banks, the Upload users CSV)."""
