"""The guided first round (``negsim play --tutorial``): its game, and the opponent that makes sure the
new player has something to answer in that round.

The guide itself (what it says, step by step) is in ``negsim.tui.tutorial``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from negsim.bots import Bot, Decision, Observation
from negsim.core.actions import Play
from negsim.core.forums import responders
from negsim.session import HUMAN, Session

PUPIL = "poland"
"""The seat the guided round is played from (the scenario's first seat if it has no Poland)."""
SEED = 2022
"""The guided round's seed: the same first round for everyone."""


class GuideBot(Bot):
    """Plays as another bot, except on its first decision of the first round: then it tables a demand or
    offer the pupil must answer (so the guided round can show how to answer), if it can.
    """

    def __init__(self, inner: Bot, pupil: str) -> None:
        """Decide as ``inner``; table something ``pupil`` must answer first."""
        super().__init__(actor=inner.actor, seed=inner.seed, options=inner.options)
        self.inner = inner
        self.pupil = pupil

    def decide(self, obs: Observation) -> Decision:
        """A play the pupil must answer, on the first decision of the first round; else the inner bot's."""
        state, rules = obs.state, obs.rules
        if state.round == 0 and state.plays == 0 and self.pupil in rules.actor_index:
            pupil = rules.actor_index[self.pupil]
            me = obs.actor
            for a in obs.legal:
                if not isinstance(a, Play) or rules.cards[rules.card_index[a.card]].protocol is None:
                    continue
                forum = rules.forum_index[a.forum] if a.forum is not None else -1
                target = rules.actor_index[a.target] if a.target is not None else -1
                if pupil in responders(rules, me, forum, target):
                    card = rules.cards[rules.card_index[a.card]]
                    return Decision(
                        action=a, why=f"{rules.actors[me].name} tables “{card.name}”, which you must answer"
                    )
        return self.inner.decide(obs)


def tutorial_session(path: str | Path) -> Session:
    """A new game of the scenario at ``path`` for the guided round: the pupil's seat is a person's, every
    other seat the heuristic bot's, and the first bot to play tables something the pupil must answer.
    """
    from negsim.scenario.load import check

    report = check(path, warnings=False)
    if report.rules is None:
        from negsim.errors import ScenarioError

        raise ScenarioError(report.errors)
    rules = report.rules
    pupil = PUPIL if PUPIL in rules.actor_index and rules.actors[rules.actor_index[PUPIL]].seat else rules.seats()[0].id
    session = Session.new(rules, SEED, {pupil: HUMAN}, report.text, str(path), in_play=True)
    first = next(
        (rules.actors[a].id for ph in rules.phases for a in ph.actors if rules.actors[a].id in session.bots), None
    )
    if first is not None:
        session.bots[first] = GuideBot(session.bots[first], pupil)
    return session


def interactive() -> bool:
    """Whether a guided round may start: a terminal on both ends, and not under CI."""
    return not os.environ.get("CI") and sys.stdin.isatty() and sys.stdout.isatty()


def first_time(state: Path) -> bool:
    """Whether the state folder holds no game yet (no autosave, no save)."""
    if not state.is_dir():
        return True
    return not any(state.glob("autosave-*.json")) and not any((state / "saves").glob("*.json"))
