"""A Footer that rebuilds its keys only when they change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's Footer rebuilds every key widget whenever its screen's bindings are refreshed:
    when a dialog opens over the screen and again when it closes, though nothing changed. That
    costs a full layout ~60-100 ms after each decision. This one rebuilds only when the visible
    keys, their descriptions or whether they are enabled change, and only while on screen.
    """

    _shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild the keys if they changed and the screen is the one shown."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or not screen.is_active:
            return
        shown = tuple(
            (binding.key, binding.description, enabled)
            for (_, binding, enabled, _) in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        self._shown = shown
        self.call_after_refresh(self.recompose)
