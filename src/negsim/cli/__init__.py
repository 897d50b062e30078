"""The ``negsim`` command line."""
