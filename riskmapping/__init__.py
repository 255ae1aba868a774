"""Bilag 5 and 6: mapping the risk factors of a workplace (the ball method first)."""
