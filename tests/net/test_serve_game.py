"""A served dec2021 game on loopback: five people on five clients and the facilitator play it through;
each client sees its own seat's view; a dropped client reconnects with its token and resumes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from net_helpers import SEATS, after, my_turn_after, scripted, serving

from conftest import ROOT
from negsim.core.events import GameEnd
from negsim.net.tokens import FACILITATOR
from negsim.session import Session


def test_five_clients_and_the_facilitator_play_a_whole_game(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, dict.fromkeys(SEATS, "human")) as served:
            clients = {seat: await served.join(seat) for seat in SEATS}
            umpire = await served.join(FACILITATOR)
            host = served.host
            moves = 0
            while not host.session.is_over:
                seat = host.session.to_move
                assert seat is not None
                client = clients[seat]
                n = len(host.session.actions)
                await client.wait_for(my_turn_after(n))
                await client.act(scripted(client))
                moves += 1
                await umpire.wait_for(after(n + 1))
            total = len(host.session.actions)
            for c in (*clients.values(), umpire):
                await c.wait_for(lambda c: len(c.session.actions) == total)
                assert c.session.actions == host.session.actions
                assert isinstance(c.session.events[-1][-1], GameEnd)
                assert c.errors == []
            assert moves == total >= 10
            assert umpire.session.all_events() == host.session.all_events()
            # The autosave is the whole game: it replays to the same end.
            again = Session.load(host.save_path)
            assert again.state == host.session.state

    asyncio.run(run())


def test_a_seat_sees_only_its_view_and_statuses_follow_connections(tmp_path: Path) -> None:
    async def run() -> None:
        seats = {"poland": "human", "usa": "human"}
        async with serving(tmp_path, seats) as served:
            poland = await served.join("poland")
            assert poland.mirror.seats["usa"]["status"] == "disconnected"
            usa = await served.join("usa")
            await poland.wait_for(lambda c: c.mirror.status("usa") in ("waiting", "thinking"))
            assert poland.session.state.seed == 0 and poland.session.state.rng == 0
            await usa.close()
            await poland.wait_for(lambda c: c.mirror.status("usa") == "disconnected")

    asyncio.run(run())


def test_a_dropped_client_reconnects_with_its_token_and_resumes(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"usa": "human", "poland": "human"}) as served:
            poland = await served.join("poland")
            usa = await served.join("usa")
            host = served.host
            await poland.wait_for(lambda c: c.session.to_move in ("usa", "poland"))
            await usa.close()  # usa drops; poland's game goes on until usa must decide
            while host.session.to_move == "poland":
                n = len(host.session.actions)
                await poland.wait_for(my_turn_after(n))
                await poland.act(scripted(poland))
                await poland.wait_for(after(n + 1))
            await poland.wait_for(lambda c: c.session.to_move == "usa" and c.mirror.status("usa") == "disconnected")
            again = await served.join("usa")  # the same token: the seat resumes where it was
            assert again.session.actions == host.session.actions
            assert again.session.to_move == "usa"
            await again.act(scripted(again))
            n = len(host.session.actions)
            await poland.wait_for(lambda c: len(c.session.actions) >= n and c.mirror.status("usa") != "disconnected")

    asyncio.run(run())


def test_a_served_game_sends_each_seat_only_what_it_may_see(tmp_path: Path) -> None:
    """R13 over the network: another seat's secret play reaches a seat as neither event nor action,
    a sealed choice as a stand-in pass, and the state it is sent is its information set."""
    from negsim import Pass, Play, load
    from negsim.net.host import Host
    from negsim.session import Session

    path = ROOT / "tests" / "scenarios" / "backchannel.yaml"
    rules = load(path)
    seats = {"west": "human", "east": "human", "isle": "human"}
    session = Session.new(rules, 1, seats, path.read_text(encoding="utf-8"), str(path))
    host, _tokens = Host.start(session, tmp_path / "game.json")
    host.act("east", Play(actor="east", card="trade", forum="channel"))
    host.act("west", Pass(actor="west"))
    host.act("isle", Pass(actor="isle"))
    host.act("west", Play(actor="west", card="hold"))
    secret, sealed = host.entry(1, "isle"), host.entry(4, "east")
    assert secret["events"] == [] and secret["action"] == {"type": "pass", "actor": "east"}
    assert secret["why"] is None
    assert host.entry(1, "west")["action"]["card"] == "trade"
    assert [e["type"] for e in sealed["events"]] == ["choice_sealed"]
    assert sealed["action"] == {"type": "pass", "actor": "west"}
    state = host.update("isle", 0)["state"]
    assert state["table"] == [] and state["sealed"] == [[-1, 0, 0, 0, 0]]
    assert "trade" not in json.dumps(host.update("isle", 0))
