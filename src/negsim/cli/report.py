"""The text report of ``negsim simulate``: distributions drawn as bars."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console
from rich.table import Table

from negsim.core.rules import Rules
from negsim.sim import Summary, percentiles
from negsim.tournament import Cell


def bar(share: float, width: int = 30) -> str:
    """A horizontal bar of ``share`` (0..1) in eighth-blocks."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


def print_summary(console: Console, rules: Rules, s: Summary, *, seed: int, policy: Mapping[str, str]) -> None:
    """Print endings, winners, meters and the most predictive cards."""
    bots = ", ".join(sorted(set(policy.values())))
    console.print(f"[bold]{rules.title}[/] · {s.games:,} games · seed {seed} · bots: {bots}")
    r = percentiles(s.rounds)
    a = percentiles(s.actions)
    console.print(f"games last {r['mean']:.1f} rounds and {a['mean']:.0f} decisions on average\n")

    t = Table(title="Endings", title_justify="left", box=None, pad_edge=False)
    t.add_column("ending")
    t.add_column("games", justify="right")
    t.add_column("share", justify="right")
    t.add_column("")
    for e in rules.endings:
        n = s.endings.get(e.id, 0)
        t.add_row(e.name, f"{n:,}", f"{n / s.games:.1%}", f"[cyan]{bar(n / s.games)}[/]")
    console.print(t)
    console.print()

    t = Table(title="Winners (several may win; none may)", title_justify="left", box=None, pad_edge=False)
    t.add_column("actor")
    t.add_column("wins", justify="right")
    t.add_column("rate", justify="right")
    t.add_column("")
    for actor in rules.actors:
        if actor.win_at is None:
            continue
        n = s.winners.get(actor.id, 0)
        t.add_row(actor.name, f"{n:,}", f"{n / s.games:.1%}", f"[green]{bar(n / s.games)}[/]")
    t.add_row("nobody", f"{s.no_winner:,}", f"{s.no_winner / s.games:.1%}", f"[dim]{bar(s.no_winner / s.games)}[/]")
    console.print(t)
    console.print()

    t = Table(title="Final meters", title_justify="left", box=None, pad_edge=False)
    t.add_column("meter")
    t.add_column("mean", justify="right")
    t.add_column("p10", justify="right")
    t.add_column("median", justify="right")
    t.add_column("p90", justify="right")
    t.add_column("range (p10–p90 of min..max)")
    for m in rules.meters:
        keys = (
            [m.id]
            if not m.per_actor
            else [f"{m.id}.{rules.actors[k].id}" for k in rules.tracks(m) if rules.actors[k].seat]
        )
        for k in keys:
            p = percentiles(s.meters.get(k, []))
            span = m.high - m.low
            lo = int((p["p10"] - m.low) / span * 20)
            hi = int((p["p90"] - m.low) / span * 20)
            mid = int((p["p50"] - m.low) / span * 20)
            strip = "".join("●" if i == mid else "━" if lo <= i <= hi else "·" for i in range(21))
            t.add_row(k, f"{p['mean']:.1f}", f"{p['p10']:g}", f"{p['p50']:g}", f"{p['p90']:g}", strip)
    console.print(t)
    console.print()

    ranked = sorted(s.decisive.items(), key=lambda kv: -kv[1])[:6]
    console.print(
        "[bold]Cards that best predict the ending[/] — guessing the commonest ending is right "
        f"{s.baseline:.0%} of the time; 'lift' is what knowing whether the card was played adds. "
        "A card cannot decide more games than it is played in."
    )
    t = Table(box=None, pad_edge=False)
    t.add_column("card")
    t.add_column("played in", justify="right")
    t.add_column("predicts", justify="right")
    t.add_column("lift", justify="right")
    for cid, acc in ranked:
        card = rules.cards[rules.card_index[cid]]
        t.add_row(card.name, f"{s.card_games[cid] / s.games:.0%}", f"{acc:.0%}", f"{acc - s.baseline:+.0%}")
    console.print(t)


def print_tournament(
    console: Console, rules: Rules, cells: Mapping[str, Mapping[str, Cell]], *, seed: int, field: str
) -> None:
    """Print each seat's bots: mean score with a bar, win rate, and the paired difference with its CI."""
    console.print(f"[bold]{rules.title}[/] · each bot in each seat, the others [bold]{field}[/] · seed {seed}")
    console.print("paired difference: the same games (seeds and field) played by this bot and the one above it\n")
    top = max((c.mean_score for row in cells.values() for c in row.values()), default=1.0) or 1.0
    for seat, row in cells.items():
        t = Table(title=rules.actors[rules.actor_index[seat]].name, title_justify="left", box=None, pad_edge=False)
        t.add_column("bot")
        t.add_column("games", justify="right")
        t.add_column("mean score", justify="right")
        t.add_column("")
        t.add_column("win rate", justify="right")
        t.add_column("vs the bot above", justify="right")
        t.add_column("95% CI")
        for bot, c in row.items():
            if c.ci95 is None or c.diff_vs_weaker is None:
                vs, ci = "", ""
            else:
                colour = "green" if c.ci95[0] > 0 else "red" if c.ci95[1] < 0 else "yellow"
                vs = f"[{colour}]{c.diff_vs_weaker:+.2f}[/]"
                ci = f"[{colour}][{c.ci95[0]:+.2f}, {c.ci95[1]:+.2f}][/]"
            t.add_row(
                bot,
                f"{c.games:,}",
                f"{c.mean_score:.2f}",
                f"[cyan]{bar(max(0.0, c.mean_score) / top, 20)}[/]",
                f"{c.win_rate:.1%}",
                vs,
                ci,
            )
        console.print(t)
        console.print()
