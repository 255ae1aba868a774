"""Bilag 5: the results of a round once its days are over — counts per day and colour (as
a server-made SVG bar chart and a table), the headings with their notes, the proposals by
track — for the round page and the PDF report. Every figure goes through
`services.glass` and `stressprogram.anonymity.shown_count`: below the threshold of
participants none is shown, and no note either; note texts only for `reads_notes`."""

from typing import Any

from django.utils.translation import gettext as _

from iglo.models import Track
from riskmapping.balls import services
from riskmapping.models import BallRound
from riskmapping.sorting import services as sorting
from stressprogram.anonymity import MIN_PARTICIPANTS, shown_count

# The chart's drawing area, in SVG user units (it scales to its container).
WIDTH = 640
HEIGHT = 240
LEFT = 36
BOTTOM = 28
TOP = 12
RED = "#b02a37"  # Bootstrap's danger, darkened for 4.5:1 contrast of the labels
GREEN = "#146c43"
# Below the threshold the results show no heading and no note: nothing to read them by.
NO_BOARD: dict[str, Any] = {"red_categories": [], "green_categories": [], "unsorted": []}


def _nice_top(peak: int) -> int:
    """The y axis' top: the peak rounded up to a multiple of 5 (at least 5)."""
    return max(5, -(-peak // 5) * 5)


def span_label(row: dict) -> str:
    """A figure's day number, or its first and last ("3–4") when days were merged."""
    if row.get("last_number", row["number"]) == row["number"]:
        return str(row["number"])
    return f"{row['number']}–{row['last_number']}"


def bar_chart(rows: list[dict]) -> dict[str, Any]:
    """Geometry of a grouped bar chart: a red and a green bar for each span of days, y ticks
    every fifth of the top value. Coordinates are SVG user units within WIDTH × HEIGHT."""
    top = _nice_top(max([r["red"] for r in rows] + [r["green"] for r in rows] + [0]))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT) / max(len(rows), 1)
    bar = slot * 0.36
    days = []
    for index, row in enumerate(rows):
        x = LEFT + index * slot + slot * 0.1
        bars = []
        for offset, colour, value in ((0, RED, row["red"]), (bar, GREEN, row["green"])):
            height = plot_height * value / top
            bars.append(
                {
                    "x": round(x + offset, 1),
                    "y": round(TOP + plot_height - height, 1),
                    "width": round(bar, 1),
                    "height": round(height, 1),
                    "fill": colour,
                    "value": value,
                }
            )
        days.append(
            {
                "label": span_label(row),
                "bars": bars,
                "label_x": round(x + bar, 1),
                "label_y": HEIGHT - BOTTOM + 16,
            }
        )
    ticks = [
        {"value": top * i // 5, "y": round(TOP + plot_height - plot_height * i / 5, 1)}
        for i in range(6)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH,
        "baseline": HEIGHT - BOTTOM,
        "days": days,
        "ticks": ticks,
        "red": RED,
        "green": GREEN,
    }


def results(
    ball_round: BallRound, *, notes: bool, rows: list[services.DayCount] | None = None
) -> dict[str, Any]:
    """Everything the results show, in a fixed number of queries (fewer given the round's
    `counts` as `rows`, or the round from `with_totals`). Note texts only with `notes`
    (`workplaces.access.reads_notes`) and only when enough took part."""
    people = services.round_totals([ball_round])[ball_round.pk]["participants"]
    rows = services.counts(ball_round) if rows is None else rows
    shown = services.glass(rows, people=people, today=ball_round.last_day, complete=True)
    found = sorting.board(ball_round) if shown["shown"] else NO_BOARD
    for category in found["red_categories"] + found["green_categories"]:
        category.shown_count = shown_count(len(category.sorted_notes), people)
        if not notes:
            category.shown_notes = []
    proposals = [
        (category, proposal)
        for category in found["red_categories"]
        for proposal in category.proposal_list
    ]
    return {
        "participants": shown_count(people, people),
        "shown": shown["shown"],
        "notes": notes,
        "min_participants": MIN_PARTICIPANTS,
        "rows": shown["rows"],
        "totals": shown["totals"],
        "merged": shown["merged"],
        "chart": bar_chart(shown["rows"]) if shown["rows"] else None,
        "board": found,
        "proposal_count": len(proposals),
        "by_track": [
            {
                "track": track,
                "label": label,
                "items": [(c, p) for c, p in proposals if p.track == track],
            }
            for track, label in [*Track.choices, ("", _("Ikke delt op endnu"))]
        ],
    }
