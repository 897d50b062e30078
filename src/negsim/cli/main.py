"""``negsim``: the command-line entry point. Subcommands import what they need when run,
so ``negsim --help`` and shell completion stay fast.

Exit status: 0 success, 1 internal error, 2 bad input or usage.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import traceback
from typing import TextIO, cast

import click

# negsim uses no pydantic plugins; skipping their discovery (a scan of every installed
# package's entry points) saves ~30 ms per command. Set the variable to override.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from negsim.cli.aar import report
from negsim.cli.commands import play, run, schema, simulate, tournament, validate
from negsim.cli.serve import join, serve


class QuietWhenClosed:
    """Standard output that, once its reader has gone (``negsim ... | head -1``), discards the rest.

    The command then runs to its end and exits with its own status (2 for an invalid scenario),
    instead of click's or rich's status 1, which negsim keeps for internal errors.
    """

    def __init__(self, stream: TextIO) -> None:
        """Wrap ``stream``."""
        self.stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        """Write, or discard once the reader has gone."""
        if not self.reader_gone:
            try:
                return self.stream.write(text)
            except BrokenPipeError:
                self._gone()
        return len(text)

    def flush(self) -> None:
        """Flush, unless the reader has gone."""
        if not self.reader_gone:
            try:
                self.stream.flush()
            except BrokenPipeError:
                self._gone()

    def _gone(self) -> None:
        self.reader_gone = True
        # What is still buffered goes nowhere, also when Python flushes at exit.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stream.fileno())

    def __getattr__(self, name: str) -> object:
        """Everything else (``isatty``, ``encoding``, ...) is the stream's."""
        return getattr(self.stream, name)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="negsim", prog_name="negsim")
def cli() -> None:
    """negsim: a negotiation and crisis wargame simulator.

    \b
    Start playing:      negsim play scenarios/dec2021.yaml
    Check a scenario:   negsim validate scenarios/dec2021.yaml
    Headless game:      negsim run scenarios/dec2021.yaml --seed 7 --json
    Balance:            negsim simulate scenarios/dec2021.yaml --games 10000 -j 2
    Bot strength:       negsim tournament scenarios/dec2021.yaml --games 500 -j 2
    Report on a game:   negsim report game.json -o game.html
    Seminar over a LAN: negsim serve scenarios/dec2021.yaml   (then negsim join URL --token T)
    """


cli.add_command(validate)
cli.add_command(schema)
cli.add_command(run)
cli.add_command(simulate)
cli.add_command(play)
cli.add_command(tournament)
cli.add_command(report)
cli.add_command(serve)
cli.add_command(join)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI with negsim's exit-status contract (0 ok, 1 internal error, 2 bad input)."""
    stdout = sys.stdout
    sys.stdout = cast(TextIO, QuietWhenClosed(stdout))
    try:
        _main(argv, stdout)
    finally:
        sys.stdout = stdout


def _main(argv: list[str] | None, stdout: TextIO) -> None:
    from negsim.errors import NegsimError
    from negsim.printable import escape

    try:
        rv = cli.main(args=argv, prog_name="negsim", standalone_mode=False)
        sys.stdout.flush()  # a full disk shows here, not as a warning at exit
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except NegsimError as e:
        click.echo(escape(str(e)), err=True)
        sys.exit(2)
    except BrokenPipeError:
        # A write that bypassed sys.stdout: the reader has what it wanted.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except OSError as e:
        # The machine, not negsim: a full disk, a vanished folder, no permission.
        where = f": {e.filename}" if e.filename else ""
        click.echo(escape(f"negsim: cannot go on: {e.strerror or e}{where}"), err=True)
        sys.exit(1)
    except Exception as e:
        click.echo(escape(f"negsim: internal error: {type(e).__name__}: {e}"), err=True)
        if os.environ.get("NEGSIM_DEBUG"):
            traceback.print_exc()
        else:
            click.echo("This is a bug in negsim. Run with NEGSIM_DEBUG=1 for details and report it.", err=True)
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
