"""Bilag 1 (viden om stress) and Bilag 2 (lokale retningslinjer)."""
