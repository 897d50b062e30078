"""Reading a finished (or unfinished) game: turning points, nearest approaches, whose decisions
mattered, round recaps and the comparison with what happened; the debrief and the after-action
report are built from these.
"""
