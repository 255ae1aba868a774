"""Formats for Danish (da)."""
