"""Batch simulation: many headless games, in parallel, summarised for balancing a scenario.

Game ``i`` of a batch with seed ``s`` always uses the seed ``derive(s, i)``, so results do not
depend on the number of workers or the order they finish in. The parent reads and checks the
scenario once and sends its bytes to the workers: editing the file during a run changes
nothing.
"""

from __future__ import annotations

import multiprocessing
import statistics
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from negsim.bots import make_bot
from negsim.core.engine import outcome
from negsim.core.rng import derive
from negsim.core.rules import Rules
from negsim.runner import play_out


@dataclass(frozen=True, slots=True, kw_only=True)
class GameResult:
    """What one simulated game came to."""

    index: int
    """Position in the batch."""
    seed: int
    """The game's seed."""
    ending: str
    """Ending id."""
    round: int
    """Round it ended in."""
    winners: tuple[str, ...]
    """Winning actors."""
    scores: tuple[tuple[str, int], ...]
    """Final scores."""
    meters: tuple[tuple[str, int], ...]
    """Final meters."""
    played: tuple[str, ...]
    """Ids of the cards played at least once (drawn events and counter-offers included)."""
    actions: int
    """Number of decisions taken."""
    tag: str = ""
    """The job's label."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioBytes:
    """A scenario as batch workers receive it: its bytes, read and checked once by the parent."""

    raw: bytes
    """The file's bytes."""
    name: str
    """The file's name, for messages."""
    rounds: int | None = None
    """Play only the first N rounds."""

    def compile(self) -> Rules:
        """The rules of these bytes (cut to ``rounds``)."""
        from negsim.runner import with_rounds
        from negsim.scenario.load import check_bytes

        report = check_bytes(self.raw, self.name, warnings=False, provenance=False)
        if report.rules is None:
            from negsim.errors import ScenarioError

            raise ScenarioError(report.errors)
        return with_rounds(report.rules, self.rounds) if self.rounds else report.rules


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """One game of a batch: its index, the batch seed, and who plays each seat."""

    index: int
    """Position in the batch; the game's seed is ``derive(seed, index)``."""
    seed: int
    """The batch seed."""
    policy: tuple[tuple[str, str], ...]
    """(actor, bot spec) for every seat."""
    tag: str = ""
    """A label the caller groups results by (e.g. the seat and bot of a tournament cell)."""


def play_one(rules: Rules, job: Job) -> GameResult:
    """Play one game of a batch."""
    game_seed = derive(job.seed, job.index)
    bots = {actor: make_bot(spec, actor, game_seed) for actor, spec in job.policy}
    final = play_out(rules, game_seed, bots)
    result = outcome(final)
    assert result is not None
    return GameResult(
        index=job.index,
        seed=game_seed,
        ending=result.ending,
        round=result.round,
        winners=result.winners,
        scores=tuple(result.scores.items()),
        meters=tuple(result.meters.items()),
        played=tuple(sorted(c.id for c in rules.cards if final.uses[c.index])),
        actions=final.ply,
        tag=job.tag,
    )


_WORKER_RULES: dict[str, Rules] = {}


def _worker_init(scenario: ScenarioBytes) -> None:
    _WORKER_RULES["rules"] = scenario.compile()


def _worker_chunk(jobs: list[Job]) -> list[GameResult]:
    rules = _WORKER_RULES["rules"]
    return [play_one(rules, j) for j in jobs]


def run_jobs(
    scenario: ScenarioBytes,
    rules: Rules,
    jobs: Sequence[Job],
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    chunk: int = 50,
) -> list[GameResult]:
    """Play every job (in ``workers`` processes, which receive the scenario's bytes, not its path);
    results come in the order of ``jobs``, whatever the number of workers.
    """
    if workers <= 1:
        results = []
        for k, job in enumerate(jobs):
            results.append(play_one(rules, job))
            if progress is not None and (k + 1) % 10 == 0:
                progress(10)
        if progress is not None and len(jobs) % 10:
            progress(len(jobs) % 10)
        return results
    parts = [list(jobs[i : i + chunk]) for i in range(0, len(jobs), chunk)]
    ctx = multiprocessing.get_context("spawn")
    out: list[GameResult] = []
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(scenario,)
    ) as pool:
        for part in pool.map(_worker_chunk, parts):
            out.extend(part)
            if progress is not None:
                progress(len(part))
    return out


def run_batch(
    scenario: ScenarioBytes,
    rules: Rules,
    games: int,
    seed: int,
    policy: Mapping[str, str],
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[GameResult]:
    """Play ``games`` games with the same seats; ``progress`` is told how many finished as they do."""
    pol = tuple(policy.items())
    jobs = [Job(index=i, seed=seed, policy=pol) for i in range(games)]
    return run_jobs(scenario, rules, jobs, workers, progress, chunk=200)


@dataclass(slots=True)
class Summary:
    """Distributions over a batch of games."""

    games: int
    """Number of games."""
    endings: Counter[str] = field(default_factory=Counter)
    """Games per ending."""
    winners: Counter[str] = field(default_factory=Counter)
    """Games each actor won."""
    no_winner: int = 0
    """Games nobody won."""
    meters: dict[str, list[int]] = field(default_factory=dict)
    """Final values of each meter."""
    rounds: list[int] = field(default_factory=list)
    """Round each game ended in."""
    actions: list[int] = field(default_factory=list)
    """Decisions per game."""
    card_games: Counter[str] = field(default_factory=Counter)
    """Games in which each card was played."""
    decisive: dict[str, float] = field(default_factory=dict)
    """Per card: share of games whose ending is predicted by whether the card was played."""
    baseline: float = 0.0
    """Share of games with the most common ending (what predicting it always achieves)."""


def summarise(results: list[GameResult]) -> Summary:
    """Distributions of endings, winners, meters and card influence."""
    s = Summary(games=len(results))
    for r in results:
        s.endings[r.ending] += 1
        for w in r.winners:
            s.winners[w] += 1
        if not r.winners:
            s.no_winner += 1
        for m, v in r.meters:
            s.meters.setdefault(m, []).append(v)
        s.rounds.append(r.round)
        s.actions.append(r.actions)
        for c in r.played:
            s.card_games[c] += 1
    if results:
        s.baseline = s.endings.most_common(1)[0][1] / len(results)
        for card in s.card_games:
            with_card: Counter[str] = Counter()
            without: Counter[str] = Counter()
            for r in results:
                (with_card if card in r.played else without)[r.ending] += 1
            right = (with_card.most_common(1)[0][1] if with_card else 0) + (
                without.most_common(1)[0][1] if without else 0
            )
            s.decisive[card] = right / len(results)
    return s


def percentiles(values: list[int]) -> dict[str, float]:
    """Mean and 10th/50th/90th percentiles."""
    if not values:
        return {"mean": 0.0, "p10": 0.0, "p50": 0.0, "p90": 0.0}
    qs = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else [values[0]] * 9
    return {"mean": statistics.fmean(values), "p10": qs[0], "p50": statistics.median(values), "p90": qs[8]}


def summary_json(s: Summary, rules: Rules) -> dict[str, object]:
    """A summary as a JSON-ready object."""
    return {
        "games": s.games,
        "endings": {e.id: s.endings.get(e.id, 0) for e in rules.endings},
        "winners": {a.id: s.winners.get(a.id, 0) for a in rules.actors if a.win_at is not None},
        "no_winner": s.no_winner,
        "rounds": percentiles(s.rounds),
        "actions": percentiles(s.actions),
        "meters": {m: percentiles(v) for m, v in s.meters.items()},
        "cards": {
            c.id: {
                "games": s.card_games.get(c.id, 0),
                "predicts_ending": round(s.decisive.get(c.id, 0.0), 4),
                "lift": round(s.decisive.get(c.id, s.baseline) - s.baseline, 4),
            }
            for c in rules.cards
        },
        "most_common_ending_share": round(s.baseline, 4),
    }
