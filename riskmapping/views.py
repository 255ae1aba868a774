"""Pages across both risk-mapping methods: a workplace's earlier ball rounds and dialogue
meetings in one list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from riskmapping.balls import services
from riskmapping.dialogue import services as dialogue
from workplaces.access import workplace_view
from workplaces.expectations import READ, expects


@expects(get=READ)
@workplace_view("ballround.view")
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    """Every ball round and dialogue meeting of the workplace, newest first, with their
    results and handouts."""
    return render(
        request,
        "riskmapping/history.html",
        {
            "rounds": services.rounds_with_shares(request.workplace),
            "meetings": dialogue.meetings_of(request.workplace),
        },
    )
