"""Tests of the organisation app."""
