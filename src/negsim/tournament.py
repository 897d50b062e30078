"""Strength tables: each bot in each seat against a fixed field, on the same seeds, with paired CIs.

For every seat and every bot in it, game ``i`` uses the seed ``derive(seed, i)`` and the other
seats play the ``field`` bot; so the games of two bots in one seat are paired (same seeds,
same field), and the difference of their scores is measured game by game. Each cell reports
the mean score and win rate of its bot, and the mean and 95% confidence interval of the paired
difference against the next-weaker bot in the order given.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from negsim.core.rules import Rules
from negsim.sim import GameResult, Job


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """One bot in one seat, against the field."""

    seat: str
    """Actor id."""
    bot: str
    """Bot spec."""
    games: int
    """Games played."""
    mean_score: float
    """Mean final score of the seat."""
    win_rate: float
    """Share of games the seat won."""
    weaker: str | None
    """The bot compared against (the previous one in the order given), if any."""
    diff_vs_weaker: float | None
    """Mean paired difference of scores against ``weaker`` (on the seeds both played)."""
    ci95: tuple[float, float] | None
    """95% confidence interval of that difference."""
    scores: tuple[int, ...] = ()
    """Each game's score, by game index."""

    @property
    def better(self) -> bool | None:
        """Whether the CI lies above 0 (``None`` when there is nothing to compare)."""
        return None if self.ci95 is None else self.ci95[0] > 0


def tag(seat: str, bot: str) -> str:
    """The job label of a cell."""
    return f"{seat}|{bot}"


def jobs(
    rules: Rules,
    bots: Sequence[str],
    field: str,
    games: int,
    seed: int,
    caps: Mapping[str, int] | None = None,
    seats: Sequence[str] | None = None,
) -> list[Job]:
    """Every game of the table: per seat, per bot, ``games`` games (or its cap), the field elsewhere."""
    out: list[Job] = []
    who = [a.id for a in rules.seats()] if seats is None else list(seats)
    for seat in who:
        for bot in bots:
            n = min(games, (caps or {}).get(bot, games))
            policy = tuple((a.id, bot if a.id == seat else field) for a in rules.seats())
            out.extend(Job(index=i, seed=seed, policy=policy, tag=tag(seat, bot)) for i in range(n))
    return out


def t95(df: int) -> float:
    """The two-sided 95% quantile of Student's t with ``df`` degrees of freedom (a close approximation)."""
    z = 1.959963984540054
    if df <= 0:
        return math.inf
    # Cornish-Fisher expansion: within 0.1% for df >= 10, and conservative below.
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def paired(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, tuple[float, float]]:
    """Mean of ``xs[i] - ys[i]`` and its 95% confidence interval."""
    d = [x - y for x, y in zip(xs, ys, strict=True)]
    n = len(d)
    mean = statistics.fmean(d)
    if n < 2:
        return mean, (-math.inf, math.inf)
    half = t95(n - 1) * statistics.stdev(d) / math.sqrt(n)
    return mean, (mean - half, mean + half)


def table(rules: Rules, bots: Sequence[str], results: Sequence[GameResult]) -> dict[str, dict[str, Cell]]:
    """The cells, by seat then bot, from the results of ``jobs``."""
    by_tag: dict[str, dict[int, GameResult]] = {}
    for r in results:
        by_tag.setdefault(r.tag, {})[r.index] = r
    out: dict[str, dict[str, Cell]] = {}
    for actor in rules.seats():
        seat = actor.id
        row: dict[str, Cell] = {}
        prev: str | None = None
        for bot in bots:
            games = by_tag.get(tag(seat, bot))
            if not games:
                continue
            order = sorted(games)
            scores = tuple(dict(games[i].scores).get(seat, 0) for i in order)
            wins = sum(seat in games[i].winners for i in order)
            diff = ci = None
            if prev is not None:
                base = by_tag[tag(seat, prev)]
                common = [i for i in order if i in base]
                xs = [dict(games[i].scores).get(seat, 0) for i in common]
                ys = [dict(base[i].scores).get(seat, 0) for i in common]
                if common:
                    diff, ci = paired(xs, ys)
            row[bot] = Cell(
                seat=seat,
                bot=bot,
                games=len(order),
                mean_score=statistics.fmean(scores),
                win_rate=wins / len(order),
                weaker=prev,
                diff_vs_weaker=diff,
                ci95=ci,
                scores=scores,
            )
            prev = bot
        if row:
            out[seat] = row
    return out


def table_json(cells: Mapping[str, Mapping[str, Cell]]) -> dict[str, object]:
    """``{"seats": {ACTOR: {BOT: {"games", "mean_score", "win_rate", "diff_vs_weaker", "ci95", "vs"}}}}``."""
    return {
        "seats": {
            seat: {
                bot: {
                    "games": c.games,
                    "mean_score": round(c.mean_score, 4),
                    "win_rate": round(c.win_rate, 4),
                    "diff_vs_weaker": None if c.diff_vs_weaker is None else round(c.diff_vs_weaker, 4),
                    "ci95": None if c.ci95 is None else [round(c.ci95[0], 4), round(c.ci95[1], 4)],
                    "vs": c.weaker,
                }
                for bot, c in row.items()
            }
            for seat, row in cells.items()
        }
    }


def table_markdown(rules: Rules, cells: Mapping[str, Mapping[str, Cell]]) -> str:
    """The table in Markdown: one row per seat and bot, the paired difference with its CI and a verdict."""
    lines = [
        "| seat | bot | games | mean score | win rate | vs weaker (paired) | 95% CI | |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for seat, row in cells.items():
        name = rules.actors[rules.actor_index[seat]].name
        for bot, c in row.items():
            if c.ci95 is None or c.diff_vs_weaker is None:
                vs, ci, mark = "—", "", ""
            else:
                vs = f"{c.diff_vs_weaker:+.2f} vs {c.weaker}"
                ci = f"[{c.ci95[0]:+.2f}, {c.ci95[1]:+.2f}]"
                mark = "better" if c.ci95[0] > 0 else "worse" if c.ci95[1] < 0 else "not separated"
            lines.append(
                f"| {name} | `{bot}` | {c.games} | {c.mean_score:.2f} | {c.win_rate:.1%} | {vs} | {ci} | {mark} |"
            )
    return "\n".join(lines) + "\n"
