"""A small, fast, portable PRNG whose whole state is one integer (SplitMix64).

The game's randomness lives in the game state as that integer, so a game is a pure
function of (scenario, seed, actions) in any process.
"""

from __future__ import annotations

_MASK = 0xFFFFFFFFFFFFFFFF
_GOLDEN = 0x9E3779B97F4A7C15
_INV_2_53 = 1.0 / (1 << 53)


def seed_state(seed: int) -> int:
    """Turn any integer seed into an RNG state."""
    return mix(seed & _MASK ^ 0x5DEECE66D)


def mix(z: int) -> int:
    """The SplitMix64 finaliser: a bijective scramble of a 64-bit integer."""
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _MASK
    return z ^ (z >> 31)


def next_float(state: int) -> tuple[float, int]:
    """Return a float uniform in [0, 1) and the next state."""
    state = (state + _GOLDEN) & _MASK
    return (mix(state) >> 11) * _INV_2_53, state


def derive(seed: int, *keys: int) -> int:
    """Derive an independent 64-bit seed from a seed and integer keys (e.g. game index)."""
    z = seed & _MASK
    for k in keys:
        z = mix((z + _GOLDEN * (k + 1)) & _MASK)
    return z
