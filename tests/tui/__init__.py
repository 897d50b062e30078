"""Tests that drive the terminal UI (``negsim play``) through Textual's Pilot."""
