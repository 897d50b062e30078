"""Why a game ended as it did, and how near it came to each other ending.

An ending can come two ways: by its condition (``when: escalation >= 12``), or through a card
whose effects bring it about (a card that ends the game, or sets a meter to a value that meets
the condition). For each ending not reached, each way is followed over the game: the smallest
gap reached on the condition's meters and when; for a card, which of its requirements (its
``requires`` and, for a locked card, what unlocks it) were never met together, and how close
each came.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from negsim.analysis.conditions import Approach, approach, clauses, game_states, rounds_text, together
from negsim.core.actions import Play
from negsim.core.effects import Chance, Effect, EndGame, If, SetLock, SetMeter
from negsim.core.rules import NO_CTX, CardSpec, EndingSpec, Rules
from negsim.core.state import GameState
from negsim.session import Session


def _walk(effects: tuple[Effect, ...]) -> Iterator[Effect]:
    for e in effects:
        yield e
        if isinstance(e, (If, Chance)):
            yield from _walk(e.then)
            yield from _walk(e.otherwise)


def _card_effects(card: CardSpec) -> Iterator[Effect]:
    yield from _walk(card.effects)
    if card.protocol is not None:
        for branch in range(4):
            yield from _walk(card.protocol.branch(branch))


def ending_cards(rules: Rules, ending: EndingSpec, state: GameState) -> list[CardSpec]:
    """The cards whose effects bring ``ending`` about: they end the game in it, or set a meter to a
    value that meets its condition (judged on ``state``, with only that meter changed).
    """
    out = []
    for card in rules.cards:
        for e in _card_effects(card):
            if isinstance(e, EndGame) and e.ending == ending.index:
                out.append(card)
                break
            if isinstance(e, SetMeter) and isinstance(e.to, int) and e.rel < 0 and ending.when is not None:
                meters = list(state.meters)
                meters[e.slot] = e.to
                if ending.when.fn(state._replace(meters=tuple(meters)), NO_CTX):
                    out.append(card)
                    break
    return out


def unlockers(rules: Rules, card: CardSpec) -> list[tuple[str, str]]:
    """What unlocks a locked card: (the rule's name, its condition) for each trigger that does."""
    return [
        (t.name, t.when.text)
        for t in rules.triggers
        if any(isinstance(e, SetLock) and e.card == card.index and not e.locked for e in _walk(t.effects))
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class CardRoute:
    """An ending's way through a card, followed over the game."""

    card: str
    """The card's name."""
    owner: str
    """Who holds it."""
    needs: tuple[Approach, ...]
    """Its requirements (``requires``), each with how close it came."""
    unlock_rule: str
    """What unlocks it, if it starts locked (``“Pretext established”``), else ``""``."""
    unlock: tuple[Approach, ...]
    """The unlocking rule's conditions, each with how close it came."""
    together: tuple[int, ...]
    """1-based rounds in which it was unlocked and every requirement held at once."""
    played: bool
    """Whether it was played."""

    def requirements(self) -> str:
        """``needs RU troops ≥ 175 and Escalation ≥ 8, once “Pretext established” (RU pretext ≥ 6) unlocks it``."""
        out = "needs " + " and ".join(a.text for a in self.needs) if self.needs else "needs nothing more"
        if self.unlock_rule:
            out += f", once {self.unlock_rule} (" + " and ".join(a.text for a in self.unlock) + ") unlocks it"
        return out

    def words(self) -> str:
        """What the card needs, and which requirements were never met, or never together."""
        head = f"“{self.card}” ({self.owner}) {self.requirements()}"
        every = (*self.needs, *self.unlock)
        missing = [a for a in every if not a.met]
        if self.played:
            return head + "; it was played."
        if self.together:
            return head + f"; all of it held in {rounds_text(self.together)}, but {self.owner} did not play it."
        if missing:
            met = [f"{a.text} {a.closest()}" for a in every if a.met]
            tail = "; ".join(f"{a.text} {a.closest()}" for a in missing)
            return head + f": {tail}" + (f" (met: {'; '.join(met)})" if met else "") + "."
        return (
            head
            + ": each held at some time, never all at once ("
            + "; ".join(f"{a.text} {a.closest()}" for a in every)
            + ")."
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class NearMiss:
    """An ending not reached: its nearest approach by each way it could have come."""

    name: str
    """The ending's name."""
    condition: tuple[Approach, ...]
    """For an ending with a condition: each clause's closest approach."""
    cards: tuple[CardRoute, ...]
    """Each card that could have brought it about, followed over the game."""

    def lines(self) -> list[str]:
        """Its nearest approach by its condition, then by each card (the card's requirements never met)."""
        out = [a.words() for a in self.condition]
        out += [c.words() for c in self.cards]
        return out

    def summary(self) -> str:
        """One line: ``No War: Escalation ≥ 12: peaked at 7 in round 6 (5 short); “…” needs …``."""
        return f"No {self.name}: " + "; ".join(line.rstrip(".") for line in self.lines())


@dataclass(frozen=True, slots=True, kw_only=True)
class EndingCause:
    """Why the game ended as it did."""

    name: str
    """The ending's name."""
    how: str
    """How it came, in one sentence."""
    card: CardRoute | None = None
    """The card that brought it, if one did (its requirements as they stood)."""


def _route(rules: Rules, card: CardSpec, session: Session, states: list[GameState]) -> CardRoute:
    owner = rules.actors[card.owners[0]] if card.owners else None
    ctx = (owner.index if owner else -1, -1, -1)
    needs = clauses(rules, card.requires.text, ctx, frozenset({"self"})) if card.requires else []
    unlock_rule, unlock = "", []
    rules_that_unlock = unlockers(rules, card) if card.locked else []
    for name, text in rules_that_unlock[:1]:
        unlock_rule = f"“{name}”"
        unlock = clauses(rules, text, NO_CTX)
    bit = card.index

    def unlocked(s: GameState) -> bool:
        return not s.locked >> bit & 1

    tests = [lambda s, c=c: c.gap(s) == 0 for c in needs]
    played = any(isinstance(a, Play) and a.card == card.id for a in session.actions)
    return CardRoute(
        card=card.name,
        owner=owner.name if owner else "chance",
        needs=tuple(approach(c, states) for c in needs),
        unlock_rule=unlock_rule,
        unlock=tuple(approach(c, states) for c in unlock),
        together=together([*tests, unlocked], states),
        played=played,
    )


def near_misses(session: Session) -> list[NearMiss]:
    """Every ending the game did not reach, with its nearest approach (the final ending, reached only
    when time runs out, is left out while the game went to its end).
    """
    rules, state = session.rules, session.state
    states = game_states(session)
    out = []
    for ending in rules.endings:
        if ending.index == state.ending or ending.final:
            continue
        condition = tuple(approach(c, states) for c in clauses(rules, ending.when.text, NO_CTX)) if ending.when else ()
        cards = tuple(_route(rules, c, session, states) for c in ending_cards(rules, ending, state))
        out.append(NearMiss(name=ending.name, condition=condition, cards=cards))
    return out


def ending_cause(session: Session) -> EndingCause:
    """Why the game ended in its ending: the card that brought it, its condition, or time running out."""
    rules, state = session.rules, session.state
    ending = rules.endings[state.ending]
    last = session.actions[-1] if session.actions else None
    if isinstance(last, Play) and last.card in {c.id for c in ending_cards(rules, ending, state)}:
        card = rules.cards[rules.card_index[last.card]]
        route = _route(rules, card, session, game_states(session))
        who = rules.actors[rules.actor_index[last.actor]].name
        held = " and ".join(a.text for a in (*route.needs, *route.unlock))
        how = f"{who} played “{card.name}” in round {state.round + 1}" + (f", once {held} held" if held else "") + "."
        return EndingCause(name=ending.name, how=how, card=route)
    if state.cut:
        return EndingCause(name=ending.name, how="The game was cut short at the scenario's limit of actions.")
    if ending.when is not None and ending.when.fn(state, NO_CTX):
        return EndingCause(name=ending.name, how=f"Its condition was met: {_words(rules, ending)}.")
    if ending.final:
        return EndingCause(
            name=ending.name, how=f"The last round ({rules.rounds[-1]}) ended with no other ending reached."
        )
    return EndingCause(name=ending.name, how="A card or rule ended the game.")


def _words(rules: Rules, ending: EndingSpec) -> str:
    from negsim.describe import pretty

    assert ending.when is not None
    return pretty(rules, ending.when.text)
