"""`python -m curriculum` runs the command line."""

from .cli import main

main()
