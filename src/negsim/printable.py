"""Characters that must never reach a terminal raw, and how to show them visibly instead.

A scenario or script containing one is refused by the loader (see ``negsim.scenario.yamlread``);
anywhere else text from a file is shown (CLI messages, JSON output, the TUI), ``escape`` turns
each into a visible escape such as ``\\x1b`` or ``\\u202e``.
"""

from __future__ import annotations

import re
import unicodedata

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_UNSAFE_CLASS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_NONCHARACTERS}"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
"""What a scenario or script may not contain: C0 controls other than tab, newline and carriage
return, DEL, C1 controls, Unicode noncharacters and the bidirectional overrides and isolates."""
_SHOWN_ESCAPED = re.compile(f"[{_UNSAFE_CLASS}\ud800-\udfff]")
"""``UNSAFE`` and lone surrogates (which no terminal can be sent)."""


def kind_of(char: str) -> str:
    """What kind of unsafe character ``char`` is, in words: ``control character U+001B`` ..."""
    code = ord(char)
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "bidirectional override"
    elif code >= 0xFDD0 and unicodedata.category(char) == "Cn":
        kind = "noncharacter"
    elif 0xD800 <= code <= 0xDFFF:
        kind = "lone surrogate"
    else:
        kind = "control character"
    return f"{kind} U+{code:04X}"


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character (and lone surrogate) written as a visible escape."""
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(_visible, text)


def _json_escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def escape_json(text: str) -> str:
    """JSON text with every unsafe character inside its strings written as a ``\\uXXXX`` escape (same meaning)."""
    if _SHOWN_ESCAPED.search(text) is None:
        return text
    return _SHOWN_ESCAPED.sub(_json_escape, text)
