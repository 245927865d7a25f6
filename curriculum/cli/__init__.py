"""The `curriculum` command: thin, it parses options and calls the library.

Subcommands are grouped by what a trainer does; each module below adds one
group of them.
"""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from ..errors import CurriculumError
from .common import console_err
from .content_commands import schema, show, validate
from .db_commands import db
from .demo_command import demo
from .build_command import build
from .certificates_commands import certificates
from .export_command import export
from .moodle_commands import moodle, publish
from .plans_commands import plans
from .records_commands import attendance, completion, participants, sessions
from .report_commands import attendance_sheet, personal_data, report
from .serve_command import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--db",
    "database_url",
    envvar="CURRICULUM_DATABASE_URL",
    metavar="URL",
    help="Database for records. Default: a SQLite file curriculum.db in the working folder. "
    "PostgreSQL: postgresql+psycopg://user@host/dbname. Also read from CURRICULUM_DATABASE_URL.",
)
@click.option(
    "--config",
    "config_file",
    envvar="CURRICULUM_CONFIG",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Settings file (TOML) with the Moodle address and token and the certificate key. "
    "Default: curriculum.toml in the working folder, if there is one. Also read from CURRICULUM_CONFIG.",
)
@click.version_option(package_name="curriculum")
@click.pass_context
def cli(context: click.Context, database_url: str | None, config_file: str | None) -> None:
    """Course cycles for integration and anti-discrimination training.

    Write programmes as YAML and Markdown (see docs/content-format.md), check
    them, and turn them into records, certificates and LMS packages.

    \b
    Start here:
      curriculum demo --out demo-output     run everything on the bundled programmes
      curriculum validate course_content/   check content, every problem at once
      curriculum show course_content/000-different-client
    """
    context.obj = {"database_url": database_url, "config_file": config_file}


cli.add_command(validate)
cli.add_command(show)
cli.add_command(schema)
cli.add_command(db)
cli.add_command(demo)
cli.add_command(build)
cli.add_command(export)
cli.add_command(participants)
cli.add_command(sessions)
cli.add_command(attendance)
cli.add_command(completion)
cli.add_command(plans)
cli.add_command(report)
cli.add_command(attendance_sheet)
cli.add_command(personal_data)
cli.add_command(publish)
cli.add_command(moodle)
cli.add_command(certificates)
cli.add_command(serve)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        console_err.print("Stopped.")
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except CurriculumError as error:
        console_err.print(f"[bold red]Error:[/] {escape(str(error))}", highlight=False)
        sys.exit(2)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
