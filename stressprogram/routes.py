"""Where a workplace's pages live. Every app's urls.py says its own paths in full, starting
a workplace's pages with WORKPLACE, and stressprogram/urls.py includes each app once, at the
root: one way of mounting, so a path is found by reading one file."""

WORKPLACE = "workplaces/<slug:slug>/"
