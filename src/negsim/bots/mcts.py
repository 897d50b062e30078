"""The mcts bot: information-set Monte Carlo tree search with determinization.

One *simulation* samples a complete state from the seat's information set (hidden meters and
flags, and the random stream that decides future draws and chance, with the scenario's
odds), plays one of the seat's moves, descends the tree of later moves by UCB1 -- each
node's mover choosing by its own value, judged from what this seat may know of it, and among
the moves available in this sample (availability counts, as in Cowling et al.'s SO-ISMCTS)
-- expands one new move, then rolls out with a cheap policy for at most ``depth`` actions
(every seat within its declared constraints plays, with probability ``greedy``, the move with
the best average value for it so far in this search -- MAST, Finnsson and Björnsson 2008 --
else at random), and scores every actor's value where the rollout stopped (its score as if
the game ended there, persona weights, a win).

At the root the budget is spent by sequential halving (Karnin, Koren and Somekh 2013): in each
round every surviving move gets the same number of simulations on the same sampled states and
dice (common random numbers), and the worse half is dropped. The move the ``heuristic`` bot
would play (the prior) is never dropped; the last survivor is played instead of it only if, on
fresh samples, it beats it by ``z`` standard errors of the paired difference, so the search
deviates from the heuristic only where it sees a clear improvement (``prior=none``: pure search).

Levels are fixed simulation counts (``easy``, ``normal``, ``hard``), so a game is
reproducible; ``time=SECONDS`` searches for a time instead (only in ``negsim play``, and not
reproducible).
"""

from __future__ import annotations

import math
import random
import statistics
import time
from typing import Final

from negsim.bots.base import Bot, Decision, Observation
from negsim.bots.explain import alternative_phrase, constraint_note, move_phrase
from negsim.bots.heuristic import HeuristicBot, rollout
from negsim.bots.persona import Persona, personas
from negsim.core.actions import Action, Answer
from negsim.core.infoset import determinize
from negsim.core.rules import BotRule
from negsim.core.search import Playout

LEVELS: Final = {"easy": 100, "normal": 400, "hard": 1600}
"""Simulations per decision at each level."""
DEPTH: Final = 40
"""Default rollout depth: actions played after the tree before the state is scored."""
EXPLORATION: Final = 0.7
"""Default UCB1 exploration constant (values are normalised to 0..1 per actor)."""
TRUST: Final = 2.0
"""Default ``z``: standard errors by which a move must beat the heuristic's move (paired) to be played instead."""
CHECK: Final = 0.25
"""Share of the simulations kept to check, on fresh samples, the search's best move against the heuristic's."""
GREEDY: Final = 0.6
"""Default share of rollout moves chosen by their average value so far (MAST); the rest are at random."""


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
    """Searches a tree of moves over sampled states; plays the move that survives sequential halving."""

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
        prior = self.prior(obs)
        root, action, kept = self.search(obs, people, candidates, rng, prior)
        best = root.children[action]
        sims = root.visits
        if kept is not None:
            alt = root.children[kept]
            why = (
                f"{who} {move_phrase(rules, state, action)}: expected score {best.score / max(1, best.visits):.1f}"
                f" against {alt.score / max(1, alt.visits):.1f} for {alternative_phrase(rules, state, kept)},"
                f" not clearly better than this, the heuristic's choice ({sims} simulations){note}"
            )
            return Decision(action=action, why=why)
        others = [(n, a) for a, n in root.children.items() if a != action and n.visits]
        alt, alt_action = max(others, key=lambda t: t[0].total / t[0].visits) if others else (best, action)
        why = (
            f"{who} {move_phrase(rules, state, action)}: expected score {best.score / max(1, best.visits):.1f}"
            f" against {alt.score / max(1, alt.visits):.1f} for {alternative_phrase(rules, state, alt_action)}"
            f" ({sims} simulations){note}"
        )
        return Decision(action=action, why=why)

    def prior(self, obs: Observation) -> Action | None:
        """The move the ``heuristic`` bot of this seat would play here (``None`` with ``prior=none``)."""
        if str(self.options.get("prior", "heuristic")) != "heuristic":
            return None
        return HeuristicBot(actor=self.actor, seed=self.seed).decide(obs).action

    def search(
        self,
        obs: Observation,
        people: tuple[Persona, ...],
        candidates: list[Action],
        rng: random.Random,
        prior: Action | None = None,
    ) -> tuple[Node, Action, Action | None]:
        """Run the simulations; the root node (whose children are the seat's moves), the move to play,
        and the search's best move when the ``prior`` was kept over it (else ``None``).

        At the root, the budget is spent by sequential halving: in each round every surviving move
        gets the same number of simulations, on the same sampled states and dice (common random
        numbers, so moves are compared on equal terms), and the worse half is dropped; the
        ``prior`` (the heuristic's move) is never dropped, and the best survivor is played instead
        of it only if it beats it by ``z`` standard errors of the paired difference on fresh
        samples (a quarter of the budget is kept for this check; with a time budget, on the same
        samples). Below the root each node's mover chooses by UCB1.
        """
        opts = self.options
        level = str(opts.get("level", "normal"))
        sims = int(opts.get("sims", LEVELS.get(level, LEVELS["normal"])))
        budget = float(opts.get("time", 0.0))
        tree = _Tree(
            obs,
            people,
            depth=int(opts.get("depth", DEPTH)),
            c=float(opts.get("c", EXPLORATION)),
            greedy=float(opts.get("greedy", GREEDY)),
        )
        root = tree.root
        for a in candidates:
            root.children[a] = Node(obs.actor)
        if prior not in root.children:
            prior = None
        values: dict[Action, list[float]] = {a: [] for a in candidates}
        survivors = list(candidates)
        if budget > 0:
            # A time budget: rounds of one simulation per move on a shared sample, until time is up.
            deadline = time.monotonic() + budget
            while time.monotonic() < deadline:
                seed = rng.getrandbits(64)
                for a in survivors:
                    values[a].append(tree.simulate(a, seed))
            survivors.sort(key=lambda a: -root.children[a].total / max(1, root.children[a].visits))
        else:
            rounds = max(1, math.ceil(math.log2(len(survivors))))
            check = int(sims * CHECK) if prior is not None else 0
            used = check
            for r in range(rounds):
                per = max(1, (sims - used) // ((rounds - r) * len(survivors)))
                seeds = [rng.getrandbits(64) for _ in range(per)]
                for a in survivors:
                    for seed in seeds:
                        values[a].append(tree.simulate(a, seed))
                used += per * len(survivors)
                survivors.sort(key=lambda a: -root.children[a].total / root.children[a].visits)
                if r < rounds - 1:
                    keep = survivors[: max(1, math.ceil(len(survivors) / 2))]
                    if prior is not None and prior not in keep:
                        keep.append(prior)
                    survivors = keep
        best = survivors[0]
        if prior is None or best == prior:
            return root, best, None
        if budget <= 0:
            # A fresh check on new samples, so the move that won the halving by luck is not favoured.
            seeds = [rng.getrandbits(64) for _ in range(max(2, check // 2))]
            values = {a: [tree.simulate(a, seed) for seed in seeds] for a in (best, prior)}
        z = float(opts.get("z", TRUST))
        if _clearly_better(values[best], values[prior], z):
            return root, best, None
        return root, prior, best


def _clearly_better(xs: list[float], ys: list[float], z: float) -> bool:
    """Whether ``xs`` beats ``ys`` (paired, same samples) by more than ``z`` standard errors of the difference."""
    d = [x - y for x, y in zip(xs, ys, strict=False)]
    if not d:
        return False
    mean = statistics.fmean(d)
    if len(d) < 2:
        return mean > 0 and z <= 0
    return mean > z * statistics.stdev(d) / math.sqrt(len(d))


class _Tree:
    """The search tree of one decision and the simulations that grow it."""

    __slots__ = ("c", "depth", "greedy", "hi", "lo", "mast", "me", "obs", "people", "root")

    def __init__(
        self, obs: Observation, people: tuple[Persona, ...], *, depth: int, c: float, greedy: float = 0.0
    ) -> None:
        self.obs = obs
        self.greedy = greedy
        self.mast: dict[object, list[float]] = {}
        self.people = people
        self.me = obs.actor
        self.depth = depth
        self.c = c
        n = len(obs.rules.actors)
        self.lo = [math.inf] * n
        self.hi = [-math.inf] * n
        self.root = Node(-1)

    def simulate(self, first: Action, seed: int) -> float:
        """One simulation: sample a state (seeded), play ``first``, descend by UCB1, expand one move,
        roll out, and credit every node on the path with its mover's value; returns the seat's value.
        """
        depth = self.depth
        people, c, lo, hi = self.people, self.c, self.lo, self.hi
        rnd = random.Random(seed)
        p = Playout(determinize(self.obs.state, self.obs.seat, rnd))
        p.apply(first)
        root = self.root
        node = root.children[first]
        path: list[Node] = [root, node]
        moves_made: list[tuple[int, object]] = []
        expanded = False
        while p.ending < 0:
            mover = p.to_move
            moves = people[mover].allowed(p, p.legal())
            if len(moves) == 1:
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
                moves_made.append((mover, _key(p, a)))
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
            moves_made.append((mover, _key(p, best_a)))
            p.apply(best_a)
            node = children[best_a]
            path.append(node)
        if expanded or len(path) == 2:
            if self.greedy > 0:
                self.rollout(p, rnd, moves_made, depth)
            else:
                rollout(p, people, rnd, 1 << 30, depth)
        values = [x.value(p) for x in people]
        mine = people[self.me].score(p)
        for i, v in enumerate(values):
            lo[i] = min(lo[i], v)
            hi[i] = max(hi[i], v)
        for n in path:
            n.visits += 1
            if n.actor >= 0:
                n.total += values[n.actor]
            n.score += mine
        mast = self.mast
        for mover, k in moves_made:
            e = mast.get(k)
            if e is None:
                mast[k] = [values[mover], 1.0]
            else:
                e[0] += values[mover]
                e[1] += 1.0
        return values[self.me]

    def rollout(self, p: Playout, rnd: random.Random, moves_made: list[tuple[int, object]], depth: int) -> None:
        """Play on for at most ``depth`` actions: each mover, within its constraints, plays the move with
        the best average value for it so far in this search (MAST) with probability ``greedy``, else
        a move at random; moves never tried yet come first. Records the moves chosen.
        """
        people, mast, greedy = self.people, self.mast, self.greedy
        draw = rnd.random
        for _ in range(depth):
            if p.ending >= 0:
                return
            mover = p.to_move
            acts = people[mover].allowed(p, p.legal())
            n = len(acts)
            if n == 1:
                p.apply(acts[0])
                continue
            if draw() >= greedy:
                a = acts[int(draw() * n)]
                k = _key(p, a)
            else:
                a = acts[0]
                k = None
                best = -math.inf
                for b in acts:
                    kb = _key(p, b)
                    e = mast.get(kb)
                    v = math.inf if e is None else e[0] / e[1]
                    if v > best:
                        best, a, k = v, b, kb
                        if e is None:
                            break
            moves_made.append((mover, k))
            p.apply(a)


def _key(p: Playout, a: Action) -> object:
    """What a move means across sampled games: the move itself, or for an answer, the card answered."""
    if isinstance(a, Answer):
        item = a.item
        card = next((t.card for t in p.table if t.id == item), -1)
        return (a.actor, card, a.response, a.counter)
    return a
