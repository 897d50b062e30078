"""Security of a served game: a wrong token is refused, a seat cannot act for another or as the
umpire, a seat is never sent another's hidden information, an oversized message and a flood close
the offender's connection and nobody else's."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from net_helpers import STANDOFF, serving
from websockets.asyncio.client import connect

from negsim.core.actions import Override, OverrideKind, Pass
from negsim.net.client import Client
from negsim.net.limits import MAX_MESSAGE
from negsim.net.mirror import ProtocolError
from negsim.net.tokens import FACILITATOR, TokenBook, digest

SEATS = {"red": "human", "blue": "human", "green": "human"}


def test_tokens_are_kept_as_digests_and_matched_whole() -> None:
    book, tokens = TokenBook.fresh(["red", FACILITATOR])
    assert book.role(tokens["red"]) == "red" and book.role(tokens[FACILITATOR]) == FACILITATOR
    assert book.role(tokens["red"][:-1]) is None and book.role("") is None and book.role(None) is None
    assert tokens["red"] not in json.dumps(book.digests) and book.digests["red"] == digest(tokens["red"])
    assert len(set(TokenBook.fresh(["a"])[1]["a"] for _ in range(20))) == 20


def test_a_wrong_token_is_refused_and_no_token_is_written_anywhere(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, SEATS, scenario=STANDOFF) as served:
            with pytest.raises(ProtocolError, match="unknown token"):
                await Client.connect(served.url, served.tokens["red"] + "x")
            with pytest.raises(ProtocolError, match="unknown token"):
                await Client.connect(served.url, "")
            for f in tmp_path.iterdir():
                text = f.read_text(encoding="utf-8")
                assert not any(t in text for t in served.tokens.values()), f

    asyncio.run(run())


def test_a_seat_cannot_act_for_another_nor_as_the_umpire(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, SEATS, scenario=STANDOFF) as served:
            red = await served.join("red")
            to_move = served.host.session.to_move
            other = next(a for a in SEATS if a != "red")
            await red.act(Pass(actor=other))
            await red.override(Override(kind=OverrideKind.METER, id="pressure", value=9, reason="mine"))
            await red.request(
                {
                    "type": "override",
                    "action": {
                        "type": "override",
                        "actor": "red",
                        "kind": "meter",
                        "id": "pressure",
                        "value": 9,
                        "reason": "r",
                    },
                }
            )
            await red.request({"type": "rollback", "before": 1, "reason": "mine"})
            await red.request({"type": "pause"})
            await red.request({"type": "seat", "actor": "blue", "to": "heuristic"})
            await red.wait_for(lambda c: len(c.errors) == 6)
            assert f"you play red; you cannot act for {other}" in red.errors[0]
            assert all("only the facilitator" in e for e in red.errors[1:]), red.errors
            assert served.host.session.actions == [] and served.host.session.to_move == to_move
            assert not served.host.paused and served.host.session.seats["blue"] == "human"

    asyncio.run(run())


def test_a_seat_is_never_sent_another_seat_s_hidden_information(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, SEATS, scenario=STANDOFF) as served:
            red = await Client.connect(served.url, served.tokens["red"], keep_raw=True)
            blue = await Client.connect(served.url, served.tokens["blue"], keep_raw=True)
            umpire = await served.join(FACILITATOR)
            # The umpire sets Blue's private intelligence and Green's private resolve.
            await umpire.override(Override(kind=OverrideKind.METER, id="intel", value=4, reason="a leak to Blue"))
            await umpire.override(
                Override(kind=OverrideKind.METER, id="resolve", owner="green", value=5, reason="Green steels itself")
            )
            await red.wait_for(lambda c: len(c.session.actions) == 2)
            await blue.wait_for(lambda c: len(c.session.actions) == 2)
            raw = "\n".join(red.raw or [])
            assert "Concede nothing" not in raw  # Blue's private objective
            assert "unity - 4" not in raw and "green.resolve - 2" not in raw  # others' base scores
            assert "a leak to Blue" not in raw and "Green steels itself" not in raw  # rulings on hidden meters
            state = red.session.state
            assert state.meter("intel") == 1 and state.meter("resolve", "green") == 2  # start values, not the truth
            assert state.seed == 0 and state.rng == 0
            assert blue.session.state.meter("intel") == 4
            assert "a leak to Blue" in "\n".join(blue.raw or [])
            assert served.host.session.state.meter("resolve", "green") == 5

    asyncio.run(run())


def test_an_oversized_message_and_a_flood_close_only_the_offender(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, SEATS, scenario=STANDOFF) as served:
            blue = await served.join("blue")
            red = await served.join("red")
            await red.request({"type": "act", "pad": "x" * MAX_MESSAGE})
            await red.wait_for(lambda c: c.closed is not None)
            assert red.close_code == 1009
            green = await served.join("green")
            for _ in range(25):
                await green.request({"type": "nonsense"})
            await green.wait_for(lambda c: c.closed is not None)
            assert green.close_code == 1008 and "20 messages a second" in (green.closed or "")
            assert len(green.errors) <= 20
            await blue.wait_for(
                lambda c: c.mirror.status("green") == "disconnected" and c.mirror.status("red") == "disconnected"
            )
            assert blue.closed is None
            # The offenders may come back with their tokens.
            again = await served.join("red")
            assert again.closed is None

    asyncio.run(run())


def test_a_silent_or_garbled_hello_is_refused(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, SEATS, scenario=STANDOFF) as served, connect(served.url) as ws:
            await ws.send("not json")
            await ws.wait_closed()
            assert ws.close_code == 1008

    asyncio.run(run())
