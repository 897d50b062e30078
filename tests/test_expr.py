"""The scenario expression language: values on real game states, and every mistake at its offset."""

from __future__ import annotations

import ast

import pytest

from conftest import TEST_SCENARIOS
from negsim import Action, Answer, GameState, Pass, Play, Response, legal_actions, load, new_game, step
from negsim.core.rules import Condition, Ctx, Rules
from negsim.scenario.expr import MAX_LENGTH, MAX_NODES, ExprError, Kind, Names, compile_expr, names_of
from negsim.scenario.exprparse import parse

SEED = 3

ALL = frozenset({"self", "target", "proposer"})


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load(TEST_SCENARIOS / "standoff.yaml")


def names_for(rules: Rules) -> Names:
    """What the loader lets expressions of ``rules`` name."""
    return names_of(rules)


def ev(rules: Rules, text: str, state: GameState, want: Kind = "bool", ctx: Ctx = (-1, -1, -1)) -> int:
    """Compile ``text`` against ``rules`` and evaluate it on ``state``."""
    cond = compile_expr(text, names_for(rules), want, ALL)
    return cond(state, ctx)


def err(rules: Rules, text: str, want: Kind = "bool", ctx: frozenset[str] = ALL) -> ExprError:
    with pytest.raises(ExprError) as info:
        compile_expr(text, names_for(rules), want, ctx)
    return info.value


def item_of(state: GameState) -> int:
    return state.queue[0][0]


@pytest.fixture(scope="module")
def states(rules: Rules) -> dict[str, GameState]:
    """Real states of one game: start, demand tabled, demand accepted, and over."""
    s0 = new_game(rules, SEED)
    assert s0.actor_to_move == "red"
    s1, _ = step(s0, Play(actor="red", card="red_demand", forum="direct"))
    s1, _ = step(s1, Pass(actor="blue"))
    s1, _ = step(s1, Pass(actor="green"))
    assert s1.phase_id == "talks"
    assert s1.actor_to_move == "blue"
    s2, _ = step(s1, Answer(actor="blue", item=item_of(s1), response=Response.ACCEPT))
    end = s2
    while not end.is_over:
        acts = legal_actions(end)
        passes: list[Action] = [a for a in acts if isinstance(a, Pass)]
        silences: list[Action] = [a for a in acts if isinstance(a, Answer) and a.response is Response.SILENCE]
        choice = (passes or silences)[0]
        end, _ = step(end, choice)
    return {"start": s0, "tabled": s1, "accepted": s2, "end": end}


# ------------------------------------------------------------------------- values


def test_arithmetic(rules: Rules, states: dict[str, GameState]) -> None:
    for s in states.values():
        p, u = s.meter("pressure"), s.meter("unity")
        assert ev(rules, "pressure + 2 * unity - 1", s, "int") == p + 2 * u - 1
        assert ev(rules, "(pressure - unity) * 3", s, "int") == (p - u) * 3
        assert ev(rules, "-pressure", s, "int") == -p
        assert ev(rules, "7", s, "int") == 7
        assert ev(rules, "- -pressure", s, "int") == p
        assert ev(rules, "2 * -unity + 3 * 2", s, "int") == 2 * -u + 6
        # Spaces, tabs and line breaks separate tokens anywhere (a block scalar keeps its lines).
        assert ev(rules, "\tpressure\n  +\r\n unity", s, "int") == p + u
        assert ev(rules, "min(pressure, unity, 3)", s, "int") == min(p, u, 3)
        assert ev(rules, "max(pressure, unity)", s, "int") == max(p, u)
        assert ev(rules, "abs(1 - pressure - unity)", s, "int") == abs(1 - p - u)


def test_comparisons(rules: Rules, states: dict[str, GameState]) -> None:
    s = states["accepted"]
    p = s.meter("pressure")
    assert ev(rules, f"pressure == {p}", s) is True
    assert ev(rules, f"pressure != {p}", s) is False
    assert ev(rules, f"pressure >= {p} and pressure <= {p}", s) is True
    assert ev(rules, f"pressure > {p} or pressure < {p}", s) is False
    # Comparisons with a meter on the right, and between two expressions.
    assert ev(rules, f"{p} <= pressure", s) is True
    assert ev(rules, f"{p + 1} > pressure", s) is True
    assert ev(rules, "pressure + unity == unity + pressure", s) is True


def test_chained_comparisons(rules: Rules, states: dict[str, GameState]) -> None:
    s = states["start"]
    p = s.meter("pressure")
    assert ev(rules, "0 <= pressure <= 10", s) is True
    assert ev(rules, f"0 <= pressure < {p}", s) is False
    assert ev(rules, f"{p} == pressure < {p + 1} != 0", s) is True
    assert ev(rules, f"1 < 2 < {p} + 100 > {p + 99}", s) is True


def test_logic(rules: Rules, states: dict[str, GameState]) -> None:
    s0, s2 = states["start"], states["accepted"]
    assert ev(rules, "talks_open", s0) is False
    assert ev(rules, "talks_open", s2) is True
    assert ev(rules, "not talks_open", s0) is True
    assert ev(rules, "talks_open or pressure >= 0", s0) is True
    assert ev(rules, "talks_open and pressure >= 0", s0) is False
    assert ev(rules, "true and true and not false", s0) is True
    assert ev(rules, "false or false or talks_open", s2) is True
    # == and != compare conditions too.
    assert ev(rules, "talks_open == false", s0) is True
    assert ev(rules, "talks_open != red_warned", s2) is True


def test_if_else_picks_a_value_by_a_condition(rules: Rules, states: dict[str, GameState]) -> None:
    s0, s2 = states["start"], states["accepted"]
    assert ev(rules, "10 if talks_open else 20", s0, want="int") == 20
    assert ev(rules, "10 if talks_open else 20", s2, want="int") == 10
    assert ev(rules, "(pressure if not ended(war) else 0) + 1", s0, want="int") == s0.meter("pressure") + 1
    assert ev(rules, "talks_open if pressure > 100 else true", s0) is True


def test_round_and_rounds(rules: Rules, states: dict[str, GameState]) -> None:
    for s in states.values():
        assert ev(rules, "round", s, "int") == s.round + 1
        assert ev(rules, "rounds", s, "int") == 6
    assert ev(rules, "round == rounds", states["end"]) is True


def test_card_functions(rules: Rules, states: dict[str, GameState]) -> None:
    s0, s1, s2 = states["start"], states["tabled"], states["accepted"]
    assert ev(rules, "played(red_demand)", s0, "int") == 0
    assert ev(rules, "played(red_demand)", s1, "int") == 1
    assert ev(rules, "tabled(red_demand)", s0) is False
    assert ev(rules, "tabled(red_demand)", s1) is True
    assert ev(rules, "tabled(red_demand)", s2) is False
    assert ev(rules, "accepted(red_demand)", s1, "int") == 0
    assert ev(rules, "accepted(red_demand)", s2, "int") == 1
    for fn in ("rejected", "countered", "silenced"):
        assert ev(rules, f"{fn}(red_demand)", s2, "int") == 0
    assert ev(rules, "locked(red_strike)", s0) is True
    assert ev(rules, "locked(red_mass)", s0) is False


def test_silenced_rejected_and_countered(rules: Rules) -> None:
    base = new_game(rules, SEED)
    base, _ = step(base, Play(actor="red", card="red_demand", forum="direct"))
    base, _ = step(base, Pass(actor="blue"))
    base, _ = step(base, Pass(actor="green"))
    item = item_of(base)
    silent, _ = step(base, Answer(actor="blue", item=item, response=Response.SILENCE))
    assert ev(rules, "silenced(red_demand) == 1 and accepted(red_demand) == 0", silent) is True
    rejected, _ = step(base, Answer(actor="blue", item=item, response=Response.REJECT))
    assert ev(rules, "rejected(red_demand)", rejected, "int") == 1
    countered, _ = step(base, Answer(actor="blue", item=item, response=Response.COUNTER, counter="blue_offer"))
    assert ev(rules, "countered(red_demand)", countered, "int") == 1
    assert ev(rules, "played(blue_offer)", countered, "int") == 1
    assert ev(rules, "tabled(blue_offer) and not tabled(red_demand)", countered) is True


def test_ended(rules: Rules, states: dict[str, GameState]) -> None:
    end = states["end"]
    assert end.is_over
    assert ev(rules, "ended(stalemate)", end) is True
    assert ev(rules, "ended(war) or ended(deal)", end) is False
    assert ev(rules, "ended(stalemate)", states["start"]) is False


def test_actor_meters(rules: Rules, states: dict[str, GameState]) -> None:
    red, blue, green = (rules.actor_index[a] for a in ("red", "blue", "green"))
    s = states["accepted"]
    r = {a: s.meter("resolve", a) for a in ("red", "blue", "green")}
    assert ev(rules, "green.resolve", s, "int") == r["green"]
    assert ev(rules, "red.resolve + blue.resolve", s, "int") == r["red"] + r["blue"]
    assert ev(rules, "self.resolve", s, "int", (red, -1, -1)) == r["red"]
    assert ev(rules, "self.resolve", s, "int", (green, -1, -1)) == r["green"]
    assert ev(rules, "target.resolve", s, "int", (red, blue, -1)) == r["blue"]
    assert ev(rules, "proposer.resolve", s, "int", (red, blue, green)) == r["green"]
    # A context actor that is absent reads as 0.
    assert ev(rules, "target.resolve", s, "int", (red, -1, -1)) == 0


def test_actor_meters_follow_the_game(rules: Rules) -> None:
    s = new_game(rules, SEED)
    s, _ = step(s, Pass(actor="red"))
    before = s.meter("resolve", "green")
    s, _ = step(s, Play(actor="blue", card="blue_rally"))
    assert ev(rules, "green.resolve", s, "int") == before + 1
    assert ev(rules, f"green.resolve == {before + 1} and self.resolve >= 0", s, "bool", (1, -1, -1)) is True


def test_actors_compare_and_belong(rules: Rules, states: dict[str, GameState]) -> None:
    """An actor is compared with == / != and tested with ``in`` a list or a forum's members."""
    red, blue, green = (rules.actor_index[a] for a in ("red", "blue", "green"))
    s = states["start"]
    assert ev(rules, "self == red", s, ctx=(red, -1, -1)) is True
    assert ev(rules, "self == red", s, ctx=(blue, -1, -1)) is False
    assert ev(rules, "self != target", s, ctx=(red, blue, -1)) is True
    assert ev(rules, "target in (blue, green)", s, ctx=(red, blue, -1)) is True
    assert ev(rules, "target in (blue, green)", s, ctx=(red, red, -1)) is False
    assert ev(rules, "self in direct", s, ctx=(blue, -1, -1)) is True  # direct: red and blue
    assert ev(rules, "self in direct", s, ctx=(green, -1, -1)) is False
    assert ev(rules, "not self in (red)", s, ctx=(green, -1, -1)) is True


def test_in_phase(rules: Rules, states: dict[str, GameState]) -> None:
    assert states["start"].phase_id == "moves"
    assert ev(rules, "in_phase(moves)", states["start"]) is True
    assert ev(rules, "in_phase(news, talks)", states["start"]) is False
    assert ev(rules, "in_phase(news, talks)", states["tabled"]) is True


def test_defines_compile_in_place(rules: Rules, states: dict[str, GameState]) -> None:
    """A define's body is compiled where its name is used, in that place's context."""
    names = names_for(rules)
    names.defines = {
        "hot": compile_tree("pressure >= 3"),
        "odds": compile_tree("2 * pressure + (5 if hot else 0)"),
        "mine": compile_tree("self.resolve"),
    }
    s = states["start"]
    p = s.meter("pressure")
    assert compile_expr("hot and odds > 0", names, "bool")(s) is (p >= 3)
    assert compile_expr("odds", names, "int")(s) == 2 * p + (5 if p >= 3 else 0)
    red = rules.actor_index["red"]
    assert compile_expr("mine + 1", names, "int", ALL)(s, (red, -1, -1)) == s.meter("resolve", "red") + 1
    with pytest.raises(ExprError, match=r"in mine: 'self' has no meaning here"):
        compile_expr("mine > 0", names, "bool", frozenset())
    names.defines = {**names.defines, "a": compile_tree("b + 1"), "b": compile_tree("a")}
    with pytest.raises(ExprError, match=r"define a uses itself \(a -> b -> a\)"):
        compile_expr("b + 1", names, "int", within="a")


def compile_tree(text: str) -> ast.expr:
    """A define's parsed body."""
    return parse(text)


def test_compiled_condition_keeps_its_text(rules: Rules) -> None:
    cond = compile_expr("  pressure >= 3 ", names_for(rules), "bool")
    assert isinstance(cond, Condition)
    assert cond.text == "pressure >= 3"


def test_reads_are_recorded_for_lint(rules: Rules) -> None:
    names = names_for(rules)
    compile_expr("pressure > 1 and talks_open and played(red_mass) > 0 and green.resolve > 0", names, "bool")
    assert {("meter", "pressure"), ("flag", "talks_open"), ("card", "red_mass"), ("meter", "resolve")} <= names.reads


def test_loaded_scenario_conditions_evaluate(rules: Rules, states: dict[str, GameState]) -> None:
    # The compiled conditions of the scenario itself are the same closures.
    strike = rules.cards[rules.card_index["red_strike"]]
    assert strike.requires is not None
    assert strike.requires.text == "pressure >= 8"
    assert strike.requires(states["start"]) is (states["start"].meter("pressure") >= 8)


# ------------------------------------------------------------------------- errors

ERRORS: list[tuple[str, Kind, int, str]] = [
    # unknown names, with did-you-mean
    ("presure > 1", "bool", 0, "unknown name 'presure' (did you mean 'pressure'?)"),
    ("pressure > 1 and talks_opn", "bool", 17, "unknown name 'talks_opn' (did you mean 'talks_open'?)"),
    ("zzz > 1", "bool", 0, "unknown name 'zzz'"),
    ("red.presure > 1", "bool", 0, "unknown meter 'presure'"),
    ("purple.resolve > 1", "bool", 0, "unknown actor 'purple'"),
    ("1 + rde.resolve", "int", 4, "unknown actor 'rde' (did you mean 'red'?)"),
    ("played(red_mas) > 0", "bool", 7, "unknown card 'red_mas' (did you mean 'red_mass'?)"),
    ("ended(wr)", "bool", 6, "unknown ending 'wr' (did you mean 'war'?)"),
    ("foo(1)", "int", 0, "unknown function 'foo'; known: played, accepted"),
    # names of the wrong kind
    ("resolve > 1", "bool", 0, "resolve is a per-actor meter: write actor.resolve or self.resolve"),
    ("red.pressure > 1", "bool", 0, "pressure is a global meter: write pressure"),
    ("red_mass > 0", "bool", 0, "red_mass is a card: use played(red_mass)"),
    ("war", "bool", 0, "war is an ending: use ended(war)"),
    (
        "red",
        "bool",
        0,
        "red is an actor: compare it (self == red), test it (self in (red, ...)) or name one of its meters",
    ),
    # type errors
    ("pressure + 1", "bool", 0, "a condition must be true or false, but 'pressure + 1' is a number"),
    ("talks_open", "int", 0, "expected a number, but 'talks_open' is a condition"),
    ("pressure and talks_open", "bool", 0, "'and'/'or' needs a condition"),
    ("talks_open or unity", "bool", 14, "'and'/'or' needs a condition"),
    ("not pressure", "bool", 4, "'not' needs a condition"),
    ("-talks_open", "int", 1, "'-' needs a number"),
    ("1 + talks_open", "int", 4, "arithmetic needs a number"),
    ("talks_open < 3", "bool", 0, "comparisons are between numbers"),
    ("talks_open < red_warned", "bool", 0, "comparisons are between numbers"),
    ("min(pressure)", "int", 0, "min() needs at least two numbers"),
    ("max(1, talks_open)", "int", 7, "max() needs a number"),
    ("abs(1, 2)", "int", 0, "abs() takes one number"),
    ("played(red_mass, red_demand) > 0", "bool", 0, "played() takes one id"),
    ("played(1) > 0", "bool", 0, "played() takes one id"),
    ("ended()", "bool", 0, "ended() takes one id"),
    # syntax outside the language: each refused at the character where it leaves the grammar
    ("pressure / 2", "int", 9, "only +, - and * are allowed in arithmetic"),
    ("pressure ** 2", "int", 9, "only +, - and * are allowed in arithmetic"),
    ("pressure % 2", "int", 9, "only +, - and * are allowed in arithmetic"),
    ("pressure in (red, blue)", "bool", 0, "'in' needs an actor"),
    ("red in pressure", "bool", 7, "unknown forum 'pressure'"),
    ("red in (red, 3)", "bool", 13, "syntax error: unexpected number 3; expected an actor's id"),
    ("red == 3", "bool", 0, "comparisons are between numbers (or == / != between conditions or between actors)"),
    ("red < blue", "bool", 0, "comparisons are between numbers"),
    ("in_phase(nowhere)", "bool", 9, "unknown phase 'nowhere'"),
    ("pressure is 1", "bool", 9, "only <, <=, >, >=, == and != compare values, and 'in' tests membership (not 'is')"),
    ("1 < pressure not in unity", "bool", 13, "syntax error: unexpected 'not'"),
    ("pressure.bit_length() > 1", "bool", 0, "only functions can be called, not pressure.bit_length"),
    ("(lambda: 1)() > 0", "bool", 7, "':' is not part of the expression language"),
    ("lambda: 1", "int", 6, "':' is not part of the expression language"),
    ("pressure[0] > 1", "bool", 8, "'[' is not part of the expression language"),
    ("[pressure][0]", "int", 0, "'[' is not part of the expression language"),
    ("'text' == 'text'", "bool", 0, "text in quotes is not part of the expression language"),
    ("f'{pressure}' == 1", "bool", 1, "text in quotes is not part of the expression language"),
    ("pressure > 1.5", "bool", 11, "only whole numbers are allowed, not 1.5"),
    ("pressure > None", "bool", 11, "unknown name 'None'"),
    ("__import__('os')", "int", 11, "text in quotes is not part of the expression language"),
    ("__import__(os)", "int", 0, "unknown function '__import__'"),
    ("__import__(os).system(1)", "int", 14, "syntax error: unexpected '.'"),
    ("1 if pressure else 2", "int", 5, "'if' needs a condition (true/false)"),
    ("1 if talks_open else talks_open", "int", 21, "both branches of 'if ... else' needs a number"),
    ("1 if talks_open", "int", 15, "syntax error: the expression ends where 'else' was expected"),
    ("(x := 1)", "int", 3, "':' is not part of the expression language"),
    ("max(*pressure, 3)", "int", 4, "syntax error: unexpected '*'"),
    ("min(a=1)", "int", 5, "write == to compare"),
    ("max(1, 2,)", "int", 9, "syntax error: unexpected ')'"),
    ("+unity", "int", 0, "syntax error: unexpected '+'"),
    # forms Python's parser accepted that the grammar does not have (issue #11)
    ("True and not False", "bool", 0, "unknown name 'True' (did you mean 'true'?)"),
    ("pressure > 0x10", "bool", 12, "numbers are written in decimal digits only ('x' is not one)"),
    ("0b1 < pressure", "bool", 1, "numbers are written in decimal digits only ('b' is not one)"),
    ("1_000 > pressure", "bool", 1, "numbers are written in decimal digits only ('_' is not one)"),
    ("pressure > 1e3", "bool", 12, "numbers are written in decimal digits only ('e' is not one)"),
    ("pressure > 010", "bool", 11, "a number cannot start with 0: write 10"),
    ("pressure > 1234567890123456789", "bool", 11, "a number of 19 digits is too long; the limit is 18"),
    ("pressure > 1 # a comment", "bool", 13, "comments (#) are not part of the expression language"),
    ("pressure > 1 and \\\n unity > 2", "bool", 17, "backslashes are not part of the expression language"),
    ("\uff50ressure > 1", "bool", 0, "character 'ｐ' (U+FF50) is not allowed: names are ASCII letters, digits and _"),
    ("pressure\u00a0> 1", "bool", 8, "(U+00A0) is not allowed"),
    ("pressure = 1", "bool", 9, "write == to compare"),
    ("!talks_open", "bool", 0, "write 'not' to negate a condition"),
    ("talks_open && red_warned", "bool", 11, "write 'and' to combine conditions"),
    ("red.and > 1", "bool", 4, "syntax error: unexpected 'and'; expected a meter's id after '.'"),
    ("1 2", "int", 2, "syntax error: unexpected number 2"),
    ("pressure > 1 and", "bool", 16, "syntax error: the expression ends where a number, a name or '(' was expected"),
    ("   ", "bool", 0, "syntax error: the expression is empty"),
    # syntax errors
    ("pressure >= 3)", "bool", 13, "syntax error: unmatched ')'"),
    ("(pressure", "bool", 0, "syntax error: '(' was never closed"),
    ("max(1, pressure", "int", 3, "syntax error: '(' was never closed"),
]


@pytest.mark.parametrize(("text", "want", "offset", "message"), ERRORS)
def test_errors_with_offsets(rules: Rules, text: str, want: Kind, offset: int, message: str) -> None:
    e = err(rules, text, want)
    assert message in e.message
    assert e.offset == offset
    assert str(e) == e.message


def test_context_actors_depend_on_where_the_expression_is(rules: Rules) -> None:
    # Triggers and endings have no context actor; cards' requires has self; effects all three.
    e = err(rules, "1 + self.resolve > 1", ctx=frozenset())
    assert e.message == "'self' has no meaning here (available: no context actor)"
    assert e.offset == 4
    e = err(rules, "target.resolve > 0", ctx=frozenset({"self"}))
    assert e.message == "'target' has no meaning here (available: self)"
    names = names_for(rules)
    compile_expr("target.resolve > 0", names, "bool", frozenset({"target"}))


def test_leading_spaces_shift_offsets(rules: Rules) -> None:
    assert err(rules, "   presure > 1").offset == 3
    assert err(rules, "  pressure >= 3)").offset == 15


def test_too_long(rules: Rules) -> None:
    text = "1 + " * 125 + "1"
    assert len(text) > MAX_LENGTH
    e = err(rules, text, "int")
    assert e.message == f"expression is {len(text)} characters; the limit is {MAX_LENGTH}"
    assert e.offset == 0


def test_too_many_nodes(rules: Rules) -> None:
    text = "+".join(["1"] * 70)
    assert len(text) <= MAX_LENGTH
    e = err(rules, text, "int")
    assert e.message.endswith(f"parts; the limit is {MAX_NODES}")


def test_deeply_nested_parentheses_are_an_error(rules: Rules) -> None:
    text = "(" * 240 + "1" + ")" * 240
    assert len(text) <= MAX_LENGTH
    e = err(rules, text, "int")
    assert e.message.startswith(("syntax error", "expression"))


def test_nothing_is_evaluated_at_compile_time(rules: Rules) -> None:
    # A name that would be a builtin in Python is just an unknown name here.
    for text in ("open", "exec", "eval", "globals", "__builtins__"):
        assert err(rules, text).message.startswith(f"unknown name {text!r}")
