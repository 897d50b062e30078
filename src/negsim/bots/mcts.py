"""The mcts bot: information-set Monte Carlo tree search with determinization.

One *simulation* samples a complete state from the seat's information set (hidden meters and
flags, and the random stream that decides future draws and chance, with the scenario's
odds), descends the tree of moves by UCB1 -- each node's mover choosing by its own value,
judged from what this seat may know of it, and among the moves available in this sample
(availability counts, as in Cowling et al.'s SO-ISMCTS) -- expands one new move, then rolls
out with a cheap policy (every seat at random within its declared constraints) for at most
``depth`` actions, and scores every actor's value where the rollout stopped (its score as if
the game ended there, persona weights, a win). The move played is the root's most visited.

Levels are fixed simulation counts (``easy``, ``normal``, ``hard``), so a game is
reproducible; ``time=SECONDS`` searches for a time instead (only in ``negsim play``, and not
reproducible).
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from typing import Final

from negsim.bots.base import Bot, Decision, Observation
from negsim.bots.explain import alternative_phrase, constraint_note, move_phrase
from negsim.bots.heuristic import rollout
from negsim.bots.persona import Persona, personas
from negsim.core.actions import Action
from negsim.core.infoset import determinize
from negsim.core.rules import BotRule
from negsim.core.search import Playout

LEVELS: Final = {"easy": 100, "normal": 400, "hard": 1600}
"""Simulations per decision at each level."""
DEPTH: Final = 40
"""Default rollout depth: actions played after the tree before the state is scored."""
EXPLORATION: Final = 0.7
"""Default UCB1 exploration constant (values are normalised to 0..1 per actor)."""


class Node:
    """A move in the tree: who made it, how often it was available and tried, what it was worth."""

    __slots__ = ("actor", "avail", "children", "score", "total", "visits")

    def __init__(self, actor: int) -> None:
        """A node for a move by ``actor``."""
        self.actor = actor
        """Index of the actor whose move this is."""
        self.children: dict[Action, Node] = {}
        """The moves tried after this one."""
        self.visits = 0
        """Simulations through this move."""
        self.avail = 0
        """Simulations in which this move was available."""
        self.total = 0.0
        """Sum of the mover's values over those simulations."""
        self.score = 0.0
        """Sum of the searching seat's scores over those simulations."""


class MctsBot(Bot):
    """Searches a tree of moves over sampled states; plays the most visited move."""

    name = "mcts"

    def decide(self, obs: Observation) -> Decision:
        """The most visited root move after the search, and its expected score against the best alternative."""
        rules, me, state = obs.rules, obs.actor, obs.state
        people = personas(rules, me)
        persona = people[me]
        refused: list[tuple[Action, BotRule]] = []
        candidates: list[Action] = []
        for a in obs.legal:
            rule = persona.refusal(state, a)
            if rule is None:
                candidates.append(a)
            else:
                refused.append((a, rule))
        if not candidates:
            candidates, refused = list(obs.legal), []
        who = rules.actors[me].name
        note = constraint_note(rules, state, refused)
        if len(candidates) == 1:
            only = candidates[0]
            return Decision(action=only, why=f"{who} {move_phrase(rules, state, only)}: its only move{note}")
        rng = self.rng(obs)
        root = self.search(obs, people, candidates, rng)
        ranked = sorted(
            ((root.children[a], a) for a in candidates if a in root.children), key=lambda t: (-t[0].visits, -t[0].total)
        )
        best, action = ranked[0]
        alt, alt_action = ranked[1] if len(ranked) > 1 else (best, action)
        sims = root.visits
        why = (
            f"{who} {move_phrase(rules, state, action)}: expected score {best.score / max(1, best.visits):.1f}"
            f" against {alt.score / max(1, alt.visits):.1f} for {alternative_phrase(rules, state, alt_action)}"
            f" ({sims} simulations){note}"
        )
        return Decision(action=action, why=why)

    def search(
        self, obs: Observation, people: tuple[Persona, ...], candidates: list[Action], rng: random.Random
    ) -> Node:
        """Run the simulations from the observation; the root node, whose children are the seat's moves."""
        opts = self.options
        level = str(opts.get("level", "normal"))
        sims = int(opts.get("sims", LEVELS.get(level, LEVELS["normal"])))
        depth = int(opts.get("depth", DEPTH))
        c = float(opts.get("c", EXPLORATION))
        budget = float(opts.get("time", 0.0))
        me, seat, state = obs.actor, obs.seat, obs.state
        allowed_root = set(candidates)
        n_actors = len(obs.rules.actors)
        lo = [math.inf] * n_actors
        hi = [-math.inf] * n_actors
        root = Node(-1)
        deadline = time.monotonic() + budget if budget > 0 else 0.0
        done = 0
        while True:
            if deadline:
                if done and done % 16 == 0 and time.monotonic() >= deadline:
                    break
            elif done >= sims:
                break
            done += 1
            rnd = random.Random(rng.getrandbits(64))
            p = Playout(determinize(state, seat, rnd))
            node = root
            path: list[Node] = [root]
            expanded = False
            while p.ending < 0:
                mover = p.to_move
                legal = p.legal()
                moves: Sequence[Action]
                if node is root:
                    moves = [a for a in legal if a in allowed_root] or legal
                else:
                    moves = people[mover].allowed(p, legal)
                if len(moves) == 1 and node is not root:
                    p.apply(moves[0])  # forced: no decision to learn
                    continue
                children = node.children
                fresh = [a for a in moves if a not in children]
                for a in moves:
                    ch = children.get(a)
                    if ch is not None:
                        ch.avail += 1
                if fresh:
                    a = fresh[int(rnd.random() * len(fresh))]
                    child = children[a] = Node(mover)
                    child.avail = 1
                    p.apply(a)
                    path.append(child)
                    expanded = True
                    break
                span = hi[mover] - lo[mover]
                scale = 1.0 / span if span > 1e-9 else 1.0
                base = lo[mover] if span > 1e-9 else 0.0
                best_a = moves[0]
                best_u = -math.inf
                for a in moves:
                    ch = children[a]
                    u = (ch.total / ch.visits - base) * scale + c * math.sqrt(math.log(ch.avail) / ch.visits)
                    if u > best_u:
                        best_u, best_a = u, a
                p.apply(best_a)
                node = children[best_a]
                path.append(node)
            if expanded:
                rollout(p, people, rnd, 1 << 30, depth)
            values = [x.value(p) for x in people]
            mine = people[me].score(p)
            for i, v in enumerate(values):
                lo[i] = min(lo[i], v)
                hi[i] = max(hi[i], v)
            for n in path:
                n.visits += 1
                if n.actor >= 0:
                    n.total += values[n.actor]
                n.score += mine
        return root
