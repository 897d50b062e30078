"""``negsim serve --web``: the join client in a browser through textual-serve, tested through its HTTP
and WebSocket endpoints: the page loads, a session starts, asks for the token, and the first frame
after it shows the seat's hand."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import sys
import urllib.request
from pathlib import Path

from net_helpers import serving
from websockets.asyncio.client import connect

from negsim.core.view import view
from negsim.net.web import join_command

ANSI = re.compile(r"\x1b\[[0-9;?<>]*[ -/]*[@-~]")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_join_command_is_this_python_s() -> None:
    command = join_command("ws://127.0.0.1:9/x y")
    assert command.startswith(sys.executable) and "join 'ws://127.0.0.1:9/x y'" in command


def test_a_browser_session_asks_for_the_token_then_shows_the_seat_s_hand(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"poland": "human"}) as served:
            port = free_port()
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "negsim.net.web",
                served.url,
                "--port",
                str(port),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            try:
                page = ""
                async with asyncio.timeout(60):
                    while not page:  # until the page server listens
                        try:
                            page = await asyncio.to_thread(_get, f"http://127.0.0.1:{port}/")
                        except OSError:
                            await asyncio.sleep(0.05)
                assert f"ws://127.0.0.1:{port}/ws" in page
                hand = [c.name for c in view(served.host.session.state, "poland").hand]
                async with connect(f"ws://127.0.0.1:{port}/ws?width=120&height=40") as ws:
                    await ws.send(json.dumps(["resize", {"width": 120, "height": 40}]))
                    text, asked, seen = "", False, ""
                    async with asyncio.timeout(90):
                        async for message in ws:
                            text += message.decode("utf-8", "replace") if isinstance(message, bytes) else message
                            plain = ANSI.sub("", text)
                            if not asked and "token" in plain:
                                await ws.send(json.dumps(["stdin", served.tokens["poland"] + "\r"]))
                                asked, text = True, ""
                            elif asked and (seen := next((name for name in hand if name in plain), "")):
                                break
                    assert asked and seen in hand
            finally:
                proc.terminate()
                await proc.wait()

    asyncio.run(run())


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body.decode("utf-8")
