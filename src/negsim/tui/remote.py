"""``negsim join``: the negsim app on a served game (a seat's board, or the facilitator's console)."""

from __future__ import annotations

import asyncio
from typing import Any

from negsim.net.client import REFUSED, Client
from negsim.net.mirror import ProtocolError, RemoteSession
from negsim.tui.app import NegsimApp
from negsim.tui.screens.remote_board import RemoteBoardScreen, TokenScreen

RECONNECT_TRIES = 30
"""How many times the client tries to reconnect (once a second) after the server went away."""


class JoinApp(NegsimApp):
    """The negsim app, connected to a served game: the server drives the board."""

    def __init__(self, url: str, token: str | None) -> None:
        """Join the game at ``url`` with ``token`` (``None``: ask for it, as in a browser)."""
        super().__init__(autosave=False, offer_resume=False, briefings=True)
        self.url = url
        self.token = token
        self.client: Client | None = None
        self.board: RemoteBoardScreen | None = None
        self.failure: str | None = None
        """Why the app could not join (shown once it has exited)."""
        self.tasks: set[asyncio.Task[Any]] = set()
        self.asked = token is None
        """Whether the token is typed in the app (a wrong one is asked again rather than ending the app)."""

    def first_screen(self) -> None:
        """Connect, then show the board (not the new-game screen of ``negsim play``); ask for the token first
        if there is none.
        """
        if self.token is None:
            self.push_screen(TokenScreen(self.url), self.token_given)
            return
        self.run_worker(self.connect(first=True), exclusive=True, group="connect")

    def token_given(self, token: str | None) -> None:
        """The token typed in: connect with it (a wrong one asks again)."""
        if not token:
            self.exit()
            return
        self.token = token.strip()
        self.run_worker(self.connect(first=True), exclusive=True, group="connect")

    async def connect(self, first: bool = False) -> None:
        """Connect (again, after the server went away: the same token resumes the seat)."""
        tries = 1 if first else RECONNECT_TRIES
        assert self.token is not None
        for attempt in range(tries):
            try:
                client = await Client.connect(self.url, self.token)
                break
            except ProtocolError as e:
                if self.asked and self.board is None:
                    self.push_screen(TokenScreen(self.url, f"{e}: try again"), self.token_given)
                    return
                self.failure = f"cannot join {self.url}: {e}"
                self.exit()
                return
            except (OSError, TimeoutError) as e:
                if attempt + 1 == tries:
                    self.failure = f"cannot join {self.url}: {e}"
                    self.exit()
                    return
                await asyncio.sleep(1.0)  # the server restarting (--resume): try again
        self.client = client
        client.on_update = self.updated
        client.on_error = self.refused
        client.on_notice = lambda message: self.notify(message, title="Umpire", timeout=15)
        session = client.session
        session.send = self.send_action
        if self.board is None:
            self.board = RemoteBoardScreen(session, client.mirror, self.send_request)
            self.push_screen(self.board)
        else:
            self.board.session = session
            self.board.mirror = client.mirror
            self.board.sent = None
            self.board.server_update(True)
            self.notify("Reconnected.")
        watcher = asyncio.create_task(self.watch_connection(client))
        self.tasks.add(watcher)
        watcher.add_done_callback(self.tasks.discard)

    async def watch_connection(self, client: Client) -> None:
        """When the server goes away, reconnect."""
        if client.reader is not None:
            await client.reader
        if self.return_code is None and client.close_code not in REFUSED:
            self.notify("The server went away: reconnecting…", severity="warning")
            await self.connect()
        elif client.close_code in REFUSED:
            self.failure = f"the server closed the connection: {client.closed}"
            self.exit()

    def updated(self, session: RemoteSession) -> None:
        """An update from the server: redraw the board."""
        if self.board is not None and self.board.is_attached:
            self.board.server_update(reset=self.board.mirror.reset)

    def refused(self, message: str) -> None:
        """The server refused a request: the board says why."""
        if self.board is not None:
            self.board.refused(message)
        else:
            self.notify(message, severity="error", title="Not allowed")

    def send_action(self, action: Any) -> None:
        """The board's move, to the server."""
        if self.client is not None:
            self.spawn(self.client.act(action))

    def send_request(self, message: dict[str, Any]) -> None:
        """A facilitator's request, to the server."""
        if self.client is not None:
            self.spawn(self.client.request(message))

    def spawn(self, coro: Any) -> None:
        """Run a send in the background (kept until done)."""
        task = asyncio.create_task(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
