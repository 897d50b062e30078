"""The Textual player experience: ``negsim play``."""

import os

# Textual draws at most 60 frames a second by default, so an update that takes two or three
# frames (a play: the hand, the preview, the table and the log) waits up to 17 ms for each.
# The board changes only when someone decides, so drawing up to 120 frames a second costs
# nothing while it is still and roughly halves the wait after a key. Set before Textual is
# imported (it reads the variable once); TEXTUAL_FPS in the environment still wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
