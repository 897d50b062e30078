"""The subcommand ``report``: a saved game's after-action report, as Markdown or self-contained HTML."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("save", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    help="md (Markdown) or html (one page with its charts inline, for any browser, offline). "
    "Default: from the output file's extension, else md.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file (atomically).")
def report(save: Path, fmt: str | None, output: Path | None) -> int:
    """Write the after-action report of SAVE (from negsim play's Ctrl+S or autosave, or negsim run --save):
    the setting, the seats and who played them, the story round by round, meter charts, how it ended,
    the turning points, how near the other endings came, whose decisions mattered, the comparison
    with what really happened, and the sources cited.

    \b
    Examples:
      negsim report game.json -o game.html
      negsim run scenarios/dec2021.yaml --seed 7 --bots heuristic --save g.json && negsim report g.json
    """
    from negsim.cli.commands import write_or_echo
    from negsim.files import check_output
    from negsim.report import render_report
    from negsim.session import Session

    if output is not None:
        check_output(output)  # before the work: a path that cannot be written says so at once
    if fmt is None:
        fmt = "html" if output is not None and output.suffix.lower() in (".html", ".htm") else "md"
    session = Session.load(save)
    write_or_echo(render_report(session, fmt), output)
    return 0
