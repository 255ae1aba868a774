"""Migrations of the organisation app."""
