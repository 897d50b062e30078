"""``negsim serve`` and ``negsim join`` at the command line: loopback unless --behind-proxy, clear
messages and exit status 2 for bad input, the extra named when missing, and 0 moves lost across 20
``kill -9`` of the server at random moments, each followed by ``--resume`` and the client reconnecting."""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from net_helpers import DEC2021, serving

from negsim.core.actions import Action
from negsim.net.client import Client
from negsim.session import Session


def test_join_json_reports_the_seat(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    async def run() -> dict[str, object]:
        async with serving(tmp_path, {"poland": "human"}) as served:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                "from negsim.cli.main import main; main()",
                "join",
                served.url,
                "--json",
                env={**os.environ, "NEGSIM_TOKEN": served.tokens["poland"]},
                stdout=subprocess.PIPE,
            )
            out, _ = await asyncio.wait_for(proc.communicate(), 60)
            assert proc.returncode == 0
            result: dict[str, object] = json.loads(out)
            return result

    result = asyncio.run(run())
    assert result["seat"] == "poland" and result["role"] == "poland" and result["scenario"] == "dec2021"
    assert isinstance(result["seats"], dict) and result["seats"]["poland"]["player"] == "human"
    assert isinstance(result["moves"], int) and result["over"] is False


def test_the_missing_extra_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "websockets.py"
    blocker.write_text("raise ImportError('not installed')\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", "from negsim.cli.main import main; main()", "serve", str(DEC2021)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode == 2 and "negsim[serve]" in done.stderr and "Traceback" not in done.stderr


def updated(target: int) -> Callable[[Client], bool]:
    """A client has had ``target`` updates, or the game is over."""
    return lambda c: c.updates >= target or c.session.is_over


class Server:
    """``negsim serve`` in a subprocess, with its URL and join tokens read from what it prints."""

    def __init__(self, proc: asyncio.subprocess.Process, url: str, tokens: dict[str, str]) -> None:
        self.proc, self.url, self.tokens = proc, url, tokens

    @classmethod
    async def start(cls, *args: str) -> Server:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            "from negsim.cli.main import main; main()",
            "serve",
            *args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert proc.stdout is not None
        url, tokens = "", {}
        while True:
            line = (await asyncio.wait_for(proc.stdout.readline(), 60)).decode()
            assert line, "the server exited before it was ready"
            if m := re.search(r" at (ws://\S+);", line):
                url = m.group(1)
            elif m := re.match(r"\s+(\S+)\s+negsim join \S+ --token (\S+)", line):
                tokens[m.group(1)] = m.group(2)
            elif line.startswith("Stop with"):
                return cls(proc, url, tokens)

    async def kill(self) -> None:
        """``kill -9`` the server (if it still runs) and reap it."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()


def test_no_move_is_lost_across_20_kills_at_random_moments(tmp_path: Path) -> None:
    """Every move a client has seen is in the game the resumed server continues (autosaved before it is sent)."""
    rng = random.Random(13)

    servers: list[Server] = []

    async def start(*args: str) -> Server:
        servers.append(await Server.start(*args))
        return servers[-1]

    async def run() -> None:
        kills, game = 0, 0
        while kills < 20:
            game += 1
            save = tmp_path / f"game{game}.json"
            seats = [f"--seat={a}=heuristic" for a in ("russia", "usa", "poland", "germany", "nato")]
            server = await start(
                str(DEC2021), *seats, "--seed", str(game), "--port", "0", "--bot-delay", "0.02", "--save", str(save)
            )
            token = server.tokens["facilitator"]
            while kills < 20:
                client = await Client.connect(server.url, token)
                target = client.updates + rng.randint(1, 6)  # a random moment: after 1 to 6 more updates
                await client.wait_for(updated(target), timeout=60)
                seen: list[Action] = list(client.session.actions)
                over = client.session.is_over
                await server.kill()
                kills += 1
                resumed = Session.load(save)
                assert resumed.actions[: len(seen)] == seen, f"kill {kills}: a move the client saw was lost"
                if over:
                    break
                server = await start("--resume", "--save", str(save), "--port", "0", "--bot-delay", "0.02")
                again = await Client.connect(server.url, token)  # the same token, after the restart
                assert again.session.actions[: len(seen)] == seen
                await again.close()
                if again.session.is_over:
                    break

    async def run_then_stop_every_server() -> None:
        try:
            await run()
        finally:  # the last resumed server too: no server outlives the test
            for server in servers:
                await server.kill()

    asyncio.run(run_then_stop_every_server())
    assert all(server.proc.returncode is not None for server in servers)
