"""``negsim``: the command-line entry point. Subcommands import what they need when run,
so ``negsim --help`` and shell completion stay fast.

Exit status: 0 success, 1 internal error, 2 bad input or usage.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

# negsim uses no pydantic plugins; skipping their discovery (a scan of every installed
# package's entry points) saves ~30 ms per command. Set the variable to override.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from negsim.cli.commands import play, run, schema, simulate, validate


class ClosedPipe(Exception):
    """The reader of standard output went away (``negsim run --json | head -1``): not an error."""


class Cli(click.Group):
    """The command group; a closed pipe leaves it as ``ClosedPipe`` (click would exit 1 for it)."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as e:
            raise ClosedPipe() from e


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="negsim", prog_name="negsim")
def cli() -> None:
    """negsim: a negotiation and crisis wargame simulator.

    \b
    Start playing:      negsim play scenarios/dec2021.yaml
    Check a scenario:   negsim validate scenarios/dec2021.yaml
    Headless game:      negsim run scenarios/dec2021.yaml --seed 7 --json
    Balance:            negsim simulate scenarios/dec2021.yaml --games 10000 -j 2
    """


cli.add_command(validate)
cli.add_command(schema)
cli.add_command(run)
cli.add_command(simulate)
cli.add_command(play)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI with negsim's exit-status contract (0 ok, 1 internal error, 2 bad input)."""
    from negsim.errors import NegsimError

    try:
        rv = cli.main(args=argv, prog_name="negsim", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except NegsimError as e:
        click.echo(str(e), err=True)
        sys.exit(2)
    except (BrokenPipeError, ClosedPipe):
        # The reader has what it wanted; flushing the rest would fail again at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as e:
        click.echo(f"negsim: internal error: {type(e).__name__}: {e}", err=True)
        if os.environ.get("NEGSIM_DEBUG"):
            traceback.print_exc()
        else:
            click.echo("This is a bug in negsim. Run with NEGSIM_DEBUG=1 for details and report it.", err=True)
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
