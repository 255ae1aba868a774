"""Tests of Bilag 1 and 2."""
