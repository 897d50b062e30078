"""Widgets that render a game view: meters, hand, card detail, table, actors, log, charts."""
