"""An actor's persona, as its bots use it: how it values a state, and the moves it never makes.

The value of a state for an actor is its score as if the game ended now (its base score and
the points of its objectives met), a small shaping term from its persona's meter weights
(``bot.weights``), and a bonus for a game won. A bot deciding for a seat judges the other
actors by what it may know of them: its rules are the seat's public rules, so another
actor's "score" counts only its public objectives.

The constraints (``bot.never``) say which moves an actor's ``heuristic``, ``mcts`` and
``line`` bots never choose; ``allowed`` filters a list of legal moves by them.
"""

from __future__ import annotations

from collections.abc import Sequence

from negsim.core.actions import ANSWER, PLAY, Action
from negsim.core.rules import BotRule, Rules, StateLike
from negsim.core.scoring import score_of

SHAPING = 0.05
"""Weight of the persona's meter weights against score points: a meter at 10 with weight 2 is worth a point."""
WIN_BONUS = 2.0
"""Points added to the value of a finished game the actor has won."""
OTHERS_SHAPING = 0.3
"""Shaping weight when judging another actor, whose private objectives are unknown."""


class Persona:
    """How the bots of one actor value states and which moves they refuse, under given rules."""

    __slots__ = (
        "actor",
        "answer_cards",
        "forbid",
        "play_cards",
        "risky_plays",
        "rules",
        "shaping",
        "weights",
        "win_at",
    )

    def __init__(self, rules: Rules, actor: int, *, own: bool = True) -> None:
        """The persona of ``actor``; ``own`` is False when another seat judges it from what it knows."""
        spec = rules.actors[actor]
        self.rules = rules
        """The rules it is judged under."""
        self.actor = actor
        """Actor index."""
        self.weights: tuple[tuple[int, int], ...] = tuple(spec.bot_weights.items())
        """(meter slot, weight) pairs."""
        self.shaping = SHAPING if own else OTHERS_SHAPING
        """Weight of the persona's meter weights in ``value``."""
        self.win_at = spec.win_at
        """Score that wins, if any."""
        forbid: dict[tuple[int, int], list[BotRule]] = {}
        for r in spec.bot_rules:
            kind = PLAY if r.response < 0 else ANSWER
            for c in r.cards or (-1,):
                forbid.setdefault((kind, c), []).append(r)
        self.forbid = forbid
        """(PLAY or ANSWER, card index or -1 for any) to the constraints that may forbid it."""
        self.play_cards = _cards(forbid, PLAY)
        """Cards some constraint may forbid playing (``None``: any card)."""
        self.answer_cards = _cards(forbid, ANSWER)
        """Cards on the table some constraint may forbid an answer to (``None``: any card)."""
        self.risky_plays = frozenset(
            id(p)
            for card, options in rules.tables.plays[actor]
            if self.play_cards is None or card.index in self.play_cards
            for p in options
        )
        """``id()`` of the engine's plays of this actor that some constraint may forbid."""

    def score(self, s: StateLike) -> int:
        """Score as if the game ended now."""
        return score_of(self.rules, s, self.actor)

    def value(self, s: StateLike) -> float:
        """How good ``s`` is for the actor: score, shaping by persona weights, a bonus for a win."""
        score = score_of(self.rules, s, self.actor)
        meters = s.meters
        shape = 0
        for slot, w in self.weights:
            shape += w * meters[slot]
        v = score + self.shaping * shape
        if s.ending >= 0 and self.win_at is not None and score >= self.win_at:
            v += WIN_BONUS
        return v

    def refusal(self, s: StateLike, action: Action) -> BotRule | None:
        """The constraint that forbids ``action`` in ``s``, or ``None``."""
        if not self.forbid:
            return None
        rules = self.rules
        entry = rules.tables.parsed.get(id(action))
        if entry is not None and entry[0] is action:
            kind, _, x, y, z = entry[1]
        else:
            kind, x, y, z = _indices(rules, action)
        if kind == PLAY:
            card, forum, ctx = x, y, (self.actor, z, self.actor)
            candidates = self.forbid.get((PLAY, card), []) + self.forbid.get((PLAY, -1), [])
            response = -1
        elif kind == ANSWER:
            item = next((t for t in s.table if t.id == x), None)
            if item is None:
                return None
            card, forum, ctx, response = item.card, item.forum, (self.actor, item.target, item.proposer), y
            candidates = self.forbid.get((ANSWER, card), []) + self.forbid.get((ANSWER, -1), [])
        else:
            return None
        for r in candidates:
            if r.response != response:
                continue
            if r.forums and forum not in r.forums:
                continue
            if r.when is not None and not r.when.fn(s, ctx):
                continue
            return r
        return None

    def allowed(self, s: StateLike, legal: Sequence[Action]) -> Sequence[Action]:
        """The moves of ``legal`` no constraint forbids (all of them if every one is forbidden)."""
        if not self.forbid or not legal:
            return legal
        parsed = self.rules.tables.parsed
        first = parsed.get(id(legal[0]))
        if first is not None and first[0] is legal[0] and first[1][0] == ANSWER:
            # Every move answers the same item: look at its card once.
            cards = self.answer_cards
            if cards is not None:
                item = first[1][2]
                card = next((t.card for t in s.table if t.id == item), -1)
                if card not in cards:
                    return legal
        elif first is not None and first[0] is legal[0] and self.risky_plays.isdisjoint(map(id, legal)):
            return legal  # the engine's own plays (and pass), none of which a constraint names
        out = [a for a in legal if self.refusal(s, a) is None]
        return out or legal


def _cards(forbid: dict[tuple[int, int], list[BotRule]], kind: int) -> frozenset[int] | None:
    """The cards constraints of ``kind`` name (``None`` if one applies to every card)."""
    cards = {c for k, c in forbid if k == kind}
    return None if -1 in cards else frozenset(cards)


def _indices(rules: Rules, action: Action) -> tuple[int, int, int, int]:
    """(kind, card or item, forum or response, target) of an action the engine did not build."""
    from negsim.core.actions import Answer, Play
    from negsim.core.rules import RESPONSES

    if isinstance(action, Play):
        return (
            PLAY,
            rules.card_index.get(action.card, -1),
            rules.forum_index.get(action.forum, -1) if action.forum is not None else -1,
            rules.actor_index.get(action.target, -1) if action.target is not None else -1,
        )
    if isinstance(action, Answer):
        return ANSWER, action.item, RESPONSES.index(action.response), -1
    return -1, -1, -1, -1


def personas(rules: Rules, seat: int) -> tuple[Persona, ...]:
    """Every actor's persona as ``seat`` judges it (its own in full, the others' from what it may know)."""
    return tuple(Persona(rules, a.index, own=a.index == seat) for a in rules.actors)
