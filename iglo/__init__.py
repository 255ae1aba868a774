"""Bilag 7: IGLO action plans."""
