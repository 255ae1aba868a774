"""Bilag 1 (viden om stress), Bilag 2 (lokale retningslinjer) and Bilag 3 (prioriteringsplan)."""
