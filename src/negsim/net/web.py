"""The join client in a browser: ``textual-serve`` runs ``negsim join URL`` for each browser session.

``negsim serve --web`` starts this module in a process of its own (``python -m negsim.net.web
GAME_URL --host H --port P``): a page at ``http://H:P/`` whose terminal runs the join app, which
asks for the seat's token. A player without Python opens the page.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import threading
import time

WEB_EXTRA_PACKAGE = "textual-serve"
"""The package that serves Textual apps to a browser (part of the ``negsim[serve]`` extra)."""


def join_command(game_url: str) -> str:
    """The shell command each browser session runs: the join app of this Python, asking for a token."""
    runner = "from negsim.cli.main import main; main()"
    return " ".join(shlex.quote(part) for part in (sys.executable, "-c", runner, "join", game_url))


def main(argv: list[str] | None = None) -> None:
    """Serve the join client of the game at GAME_URL over HTTP (until interrupted)."""
    parser = argparse.ArgumentParser(prog="python -m negsim.net.web", description=__doc__)
    parser.add_argument("game_url")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--public-url", default=None, help="the page's address as browsers see it (behind a proxy)")
    args = parser.parse_args(argv)
    from textual_serve.server import Server

    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    server = Server(
        join_command(args.game_url), host=args.host, port=args.port, title="negsim", public_url=args.public_url
    )
    server.serve()


def _exit_with_parent(parent: int) -> None:
    """End this page server when the game server that started it is gone (even after ``kill -9``)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    main()
