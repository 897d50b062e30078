"""A monkey at the keyboard and mouse: seeded random keys and clicks must never crash the app."""

from __future__ import annotations

import asyncio
import random
from collections import deque
from pathlib import Path

import pytest
from textual import events
from tui_helpers import (
    DEC2021,
    SMALL,
    STANDOFF,
    human,
    negsim_home,  # noqa: F401  (autouse: a temporary NEGSIM_HOME)
    new_app,
    new_session,
    wait_for_workers,
)

from negsim.tui.app import NegsimApp

EVENTS_PER_RUN = 650
KEYS: list[tuple[str, str | None]] = [
    *[(c, c) for c in "abcdefghijklmnopqrstuvwxyz0123456789"],
    *[(k, None) for k in ("up", "down", "left", "right", "tab", "backspace", "escape")],
    *[(k, None) for k in ("pagedown", "pageup", "home", "end")],
    *[(k, None) for k in ("ctrl+s", "ctrl+o", "ctrl+p", "f1")],
    ("plus", "+"),
    ("minus", "-"),
    ("space", " "),
    *[("enter", "\r")] * 8,  # Enter often, so games move on to dialogs, hand-overs and debriefs
]


def start(rng: random.Random, n: int) -> NegsimApp:
    """The n-th app of a run: one person against bots, hot seat, or the start screens."""
    kind = n % 3
    if kind == 0:
        return new_app(new_session(human("poland"), seed=rng.randrange(1000), path=DEC2021), autosave=True)
    if kind == 1:
        return new_app(new_session(human("red", "blue"), seed=rng.randrange(1000), path=STANDOFF), autosave=True)
    # No game: the resume question if an autosave is waiting, else the new-game screen.
    return new_app(None, autosave=True, offer_resume=True, seed=rng.randrange(1000))


async def monkey(seed: int) -> int:
    rng = random.Random(seed)
    done = apps = 0
    recent: deque[str] = deque(maxlen=25)
    while done < EVENTS_PER_RUN:
        app = start(rng, apps)
        apps += 1
        recent.append(f"start {type(app).__name__} #{apps}")
        try:
            async with app.run_test(size=SMALL) as pilot:
                while done < EVENTS_PER_RUN and app.return_code is None:
                    done += 1
                    if rng.random() < 0.2:
                        x, y = rng.randrange(SMALL[0]), rng.randrange(SMALL[1])
                        recent.append(f"click {x},{y} on {type(app.screen).__name__}")
                        for cls in (events.MouseDown, events.MouseUp):
                            app.post_message(cls(None, x, y, 0, 0, 1, False, False, False, x, y))
                    else:
                        key, char = rng.choice(KEYS)
                        recent.append(f"{key} on {type(app.screen).__name__}")
                        app.post_message(events.Key(key, char))
                    await pilot.pause(0)
                    if any(w.is_running for w in app.workers):  # a bot is thinking: show its move
                        await wait_for_workers(app)
                        await pilot.pause(0)
        except Exception as e:
            raise AssertionError(f"seed {seed}, event {done}: crashed after {list(recent)}") from e
        assert app.return_code in (None, 0), f"seed {seed}, event {done}: exit {app.return_code} after {list(recent)}"
    return apps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_keys_and_clicks_never_crash_the_app(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a save typed as a relative path lands here
    apps = asyncio.run(monkey(seed))
    assert apps >= 1
