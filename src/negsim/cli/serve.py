"""``negsim serve`` and ``negsim join``: a seminar's game over the network (the extra ``negsim[serve]``)."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import signal
import subprocess
import sys
from pathlib import Path

import click

from negsim.cli.commands import _policy

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
"""Host names taken to be loopback without a lookup."""


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` listens on this machine only."""
    if host.casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option(
    "--seat",
    "seats",
    multiple=True,
    metavar="ACTOR=human|BOT",
    help="Who plays a seat: human (a person joins with a token) or a bot spec; repeatable. Seats not given are"
    " played by people: without --seat every seat is a person's.",
)
@click.option("--seed", type=int, help="Seed of the game. Random if omitted.")
@click.option("--host", "bind", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Allow a --host other than loopback: only behind a TLS-terminating reverse proxy (docs/seminar.md).",
)
@click.option(
    "--timer",
    type=click.FloatRange(min=0, max=86400),
    default=0,
    help="Seconds a person has for each decision before the heuristic bot moves for them (0: no timer).",
)
@click.option(
    "--bot-delay",
    type=click.FloatRange(min=0, max=10),
    default=0.5,
    show_default=True,
    help="Seconds a bot waits before its move shows (so people can follow).",
)
@click.option(
    "--save",
    "save_path",
    type=click.Path(path_type=Path),
    help="The autosave, written after every move (default: serve-SCENARIO_ID.json in the state folder).",
)
@click.option(
    "--web",
    is_flag=True,
    help="Also serve the join client to browsers (textual-serve): players without Python open the printed page.",
)
@click.option(
    "--web-port", type=click.IntRange(1, 65535), default=8766, show_default=True, help="The port of the --web page."
)
@click.option(
    "--web-url",
    metavar="URL",
    help="The --web page's address as browsers reach it, behind a proxy (e.g. https://seminar.example.org).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Start a new game even where the autosave holds an unfinished served game (it is replaced).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue the game of --save (or of SCENARIO's default autosave) after a crash or kill; tokens unchanged.",
)
def serve(
    scenario: Path | None,
    seats: tuple[str, ...],
    seed: int | None,
    bind: str,
    port: int,
    behind_proxy: bool,
    timer: float,
    bot_delay: float,
    save_path: Path | None,
    web: bool,
    web_port: int,
    web_url: str | None,
    replace: bool,
    resume: bool,
) -> int:
    """Serve SCENARIO (default dec2021) to players on their own terminals, and a facilitator.

    Prints one join command per person's seat, each with its own token, and one for the facilitator
    (the umpire). Give each token to its player only; anyone with it can play that seat.

    \b
    Examples:
      negsim serve                                    # every seat a person's, on this machine
      negsim serve --seat russia=mcts --timer 120     # Russia a bot; two minutes a decision
      negsim serve --resume                           # continue after the server was killed
      negsim serve --host 0.0.0.0 --behind-proxy      # for a room, behind a TLS proxy
      negsim serve --web                              # also in a browser: http://127.0.0.1:8766/
    """
    import asyncio
    import random

    from negsim.net import require_websockets

    require_websockets(web=web)
    from negsim.bundled import default_scenario
    from negsim.errors import ScenarioError
    from negsim.files import check_output
    from negsim.net.host import Host
    from negsim.net.server import GameServer
    from negsim.net.tokens import FACILITATOR
    from negsim.scenario.load import check
    from negsim.session import Session, state_dir

    if not is_loopback(bind) and not behind_proxy:
        raise click.UsageError(
            f"--host {bind} is not this machine only: put a TLS-terminating reverse proxy in front and pass"
            " --behind-proxy (see docs/seminar.md)"
        )
    tokens: dict[str, str] = {}
    if resume:
        if seats or seed is not None:
            raise click.UsageError("--resume continues a game as it was: leave out --seat and --seed")
        if save_path is None:
            rules_id = _scenario_id(scenario or default_scenario())
            save_path = state_dir() / f"serve-{rules_id}.json"
        try:
            host = Host.resume(save_path)
        except ValueError as e:
            raise click.UsageError(str(e)) from None
    else:
        scenario = scenario or default_scenario()
        report = check(scenario, warnings=False)
        if report.rules is None:
            raise ScenarioError(report.errors)
        rules = report.rules
        chosen = _policy(rules, "human", seats, humans=True, in_play=True)
        if save_path is None:
            folder = state_dir()
            folder.mkdir(parents=True, exist_ok=True)
            save_path = folder / f"serve-{rules.id}.json"
        check_output(save_path)
        if not replace and save_path.exists():
            _refuse_to_replace(save_path)
        game_seed = seed if seed is not None else random.randrange(1, 1_000_000)
        session = Session.new(rules, game_seed, chosen, report.text, str(scenario), in_play=True)
        host, tokens = Host.start(session, save_path, timer or None)
    server = GameServer(host, bot_delay=bot_delay)
    pages: list[subprocess.Popen[bytes]] = []

    def ready(actual: int) -> None:
        url = f"ws://{bind}:{actual}"
        s = host.session
        click.echo(f"Serving {s.rules.title} (seed {s.seed}) at {url}; autosave {save_path}")
        if behind_proxy:
            click.echo("Behind the proxy, players use its wss:// address in place of this one.")
        if not tokens:
            click.echo(
                f"Resumed after move {len(s.actions)}: the join commands printed when the game started still work;"
                " clients reconnect with their tokens."
            )
        for role, token in tokens.items():
            who = "facilitator" if role == FACILITATOR else role
            click.echo(f"  {who:<12} negsim join {url} --token {token}")
        if web:
            command = [sys.executable, "-m", "negsim.net.web", url, "--host", bind, "--port", str(web_port)]
            if web_url:
                command += ["--public-url", web_url.rstrip("/")]
            pages.append(subprocess.Popen(command, stdin=subprocess.DEVNULL))
            page = web_url or f"http://{bind}:{web_port}/"
            click.echo(f"In a browser: {page} (the page asks for the seat's token)")
        click.echo("Stop with Ctrl+C; continue later with --resume.")
        sys.stdout.flush()

    async def until_stopped() -> None:
        """Serve until SIGINT or SIGTERM (the autosave holds every move: --resume continues)."""
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await server.run(bind, port, ready)

    try:
        asyncio.run(until_stopped())
        click.echo("Stopped; every move is in the autosave (continue with --resume).")
    except OSError as e:
        raise click.UsageError(f"cannot listen on {bind}:{port}: {e.strerror or e}") from None
    finally:
        for page in pages:
            page.terminate()
            page.wait(10)
    return 0


def _refuse_to_replace(save_path: Path) -> None:
    """A usage error if ``save_path`` holds an unfinished game (a finished or unreadable one may be replaced)."""
    from negsim.errors import SaveFileError
    from negsim.session import Session

    try:
        unfinished = not Session.load(save_path).is_over
    except SaveFileError:
        unfinished = False
    if unfinished:
        raise click.UsageError(
            f"{save_path} holds an unfinished served game: continue it with --resume, start a new one in its"
            " place with --replace, or keep both with --save OTHER.json"
        )


def _scenario_id(path: Path) -> str:
    """The id of the scenario at ``path`` (``ScenarioError`` if it is invalid)."""
    from negsim.errors import ScenarioError
    from negsim.scenario.load import check

    report = check(path, warnings=False)
    if report.rules is None:
        raise ScenarioError(report.errors)
    return report.rules.id


@click.command()
@click.argument("url")
@click.option(
    "--token",
    envvar="NEGSIM_TOKEN",
    help="Your seat's token from the join command (or set NEGSIM_TOKEN, which other users cannot see in ps);"
    " without it the board asks for it.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Do not open the board: print the seat, whose move it is and each seat's status as one JSON object.",
)
def join(url: str, token: str | None, as_json: bool) -> int:
    """Join a served game at URL: the board for your seat, or the facilitator's console.

    \b
    Example:
      negsim join ws://127.0.0.1:8765 --token 3q2-...   # as printed by negsim serve
    """
    import asyncio

    from negsim.net import require_websockets

    require_websockets()
    from negsim.net.client import Client
    from negsim.net.mirror import ProtocolError

    if not url.startswith(("ws://", "wss://")):
        raise click.BadParameter(f"{url!r}: a served game's address starts with ws:// or wss://", param_hint="URL")
    if as_json:
        if not token:
            raise click.UsageError("--json needs --token (or NEGSIM_TOKEN)")
        found = token

        async def status() -> dict[str, object]:
            client = await Client.connect(url, found)
            s, m = client.session, client.mirror
            out: dict[str, object] = {
                "role": m.role,
                "seat": m.seat,
                "scenario": s.rules.id,
                "moves": len(s.actions),
                "to_move": s.to_move,
                "over": s.is_over,
                "paused": m.paused,
                "seats": m.seats,
            }
            await client.close()
            return out

        try:
            result = asyncio.run(status())
        except (ProtocolError, OSError, TimeoutError) as e:
            raise click.UsageError(f"cannot join {url}: {e}") from None
        click.echo(json.dumps(result, sort_keys=True))
        return 0
    from negsim.tui.remote import JoinApp

    app = JoinApp(url, token)
    app.run()
    if app.failure:
        raise click.UsageError(app.failure)
    return 0
