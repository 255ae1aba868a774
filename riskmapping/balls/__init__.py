"""Bilag 5, the ball method: planning and running a round, dropping balls (link, kiosk,
paper), the staff meeting after the sorting, the results and the report."""
