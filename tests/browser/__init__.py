"""Journeys through the real pages in Debian's Chromium, with axe-core checks."""
