"""The facilitator's powers over the network: overrides seen by every seat as the umpire's and replayed
from the autosave, rollback, pause and resume, the turn timer, and handing a seat to a bot and back."""

from __future__ import annotations

import asyncio
from pathlib import Path

from net_helpers import SEATS, after, serving

from negsim.core.actions import Override, OverrideKind
from negsim.core.events import UmpireRuling
from negsim.net.host import TIMER_WHY, Host
from negsim.net.tokens import FACILITATOR
from negsim.session import Session


def test_overrides_reach_every_seat_as_the_umpire_s_and_replay_from_the_autosave(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, dict.fromkeys(SEATS, "human")) as served:
            clients = [await served.join(seat) for seat in SEATS]
            umpire = await served.join(FACILITATOR)
            await umpire.override(Override(kind=OverrideKind.METER, id="cohesion", value=3, reason="a public quarrel"))
            await umpire.override(Override(kind=OverrideKind.FLAG, id="open_door", value=0, reason="ruled so"))
            for c in clients:
                await c.wait_for(after(2))
                rulings = [e for batch in c.session.events for e in batch if isinstance(e, UmpireRuling)]
                assert [r.reason for r in rulings] == ["a public quarrel", "ruled so"]
                assert c.session.by == ["umpire", "umpire"]
                assert c.session.state.meter("cohesion") == 3
            again = Session.load(served.host.save_path)
            assert again.state == served.host.session.state
            assert again.all_events() == served.host.session.all_events()

    asyncio.run(run())


def test_rollback_to_before_a_move_takes_every_later_move_away_for_everyone(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"poland": "human"}) as served:
            poland = await served.join("poland")
            umpire = await served.join(FACILITATOR)
            await poland.wait_for(lambda c: c.session.to_move == "poland")
            n = len(poland.session.actions)
            await poland.act(poland.session.legal()[0])
            await umpire.wait_for(after(n + 2))
            await umpire.request({"type": "pause"})
            await umpire.wait_for(lambda c: c.mirror.paused)
            mark = len(served.host.session.actions)
            state = served.host.session.state_at(n)
            await umpire.request({"type": "rollback", "before": n + 1})  # no reason: refused
            await umpire.wait_for(lambda c: len(c.errors) == 1)
            assert "a rollback gives its reason" in umpire.errors[0]
            await umpire.request({"type": "rollback", "before": n + 1, "reason": "Poland misread the card"})
            await poland.wait_for(lambda c: len(c.session.actions) == n and len(c.notices) == 1)
            assert poland.notices[0].startswith(f"Umpire: rolled back to before move {n + 1}")
            assert "Poland misread the card" in poland.notices[0]
            await umpire.wait_for(lambda c: len(c.session.actions) == n)
            assert mark > n
            assert served.host.session.state == state
            assert umpire.session.actions == served.host.session.actions
            assert Session.load(served.host.save_path).state == state
            await umpire.request({"type": "rollback", "before": 99999, "reason": "r"})
            await umpire.wait_for(lambda c: len(c.errors) == 2)
            assert "roll back to before a move from 1 to" in umpire.errors[1]
            resumed = Host.resume(served.host.save_path)  # the rollback and its reason are kept
            assert resumed.rollbacks == [
                {"before": n + 1, "moves_undone": mark - n, "reason": "Poland misread the card"}
            ]

    asyncio.run(run())


def test_pause_stops_every_move_but_the_umpire_s(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, dict.fromkeys(SEATS, "human")) as served:
            umpire = await served.join(FACILITATOR)
            first = served.host.session.to_move
            assert first is not None
            mover = await served.join(first)
            await umpire.request({"type": "pause"})
            await mover.wait_for(lambda c: c.mirror.paused)
            await mover.act(mover.session.legal()[0])
            await mover.wait_for(lambda c: len(c.errors) == 1)
            assert "paused" in mover.errors[0] and served.host.session.actions == []
            await umpire.override(Override(kind=OverrideKind.METER, id="troops", value=120, reason="satellite images"))
            await mover.wait_for(after(1))
            await umpire.request({"type": "resume"})
            await mover.wait_for(lambda c: not c.mirror.paused)
            await mover.act(mover.session.legal()[0])
            await umpire.wait_for(after(2))

    asyncio.run(run())


def test_the_turn_timer_lets_the_heuristic_bot_move_and_says_so(tmp_path: Path) -> None:
    async def run() -> None:
        async with serving(tmp_path, {"russia": "human"}, timer=0.05) as served:
            umpire = await served.join(FACILITATOR)
            await umpire.wait_for(lambda c: any(b == "timer" for b in c.session.by or []), timeout=30)
            i = (umpire.session.by or []).index("timer")
            assert umpire.session.actions[i].actor == "russia"
            why = umpire.session.whys[i]
            assert why is not None and why.startswith(TIMER_WHY)

    asyncio.run(run())


def test_a_disconnected_seat_is_handed_to_a_bot_and_back(tmp_path: Path) -> None:
    # Russia is the only person's seat: once it is a person's again, the bots play on until it is
    # Russia's move (with a second, absent person the game could wait on that seat instead).
    async def run() -> None:
        async with serving(tmp_path, {"russia": "human"}) as served:
            umpire = await served.join(FACILITATOR)
            await umpire.wait_for(lambda c: c.session.to_move == "russia")
            assert umpire.mirror.status("russia") == "disconnected"
            await umpire.request({"type": "seat", "actor": "russia", "to": "heuristic"})
            await umpire.wait_for(lambda c: any(a.actor == "russia" for a in c.session.actions))
            assert served.host.session.seats["russia"] == "heuristic"
            await umpire.request({"type": "seat", "actor": "russia", "to": "human"})
            await umpire.wait_for(lambda c: c.session.seats.get("russia") == "human")
            russia = await served.join("russia")
            n = len(served.host.session.actions)
            await russia.wait_for(lambda c: c.session.to_move == "russia" or c.session.is_over)
            assert Session.load(served.host.save_path).seats["russia"] == "human"
            await umpire.request({"type": "seat", "actor": "germany", "to": "human"})
            await umpire.wait_for(lambda c: len(c.errors) == 1)
            assert "only a person's seat" in umpire.errors[0]
            assert n <= len(served.host.session.actions)

    asyncio.run(run())
