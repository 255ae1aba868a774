"""Management commands of the organisation app."""
