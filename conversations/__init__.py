"""Bilag 4: Nøglesamtalen, the key conversation (health data kept to two people)."""
