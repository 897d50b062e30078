"""The Textual player experience: ``negsim play``."""
