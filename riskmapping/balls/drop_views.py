"""Bilag 5, the dropping side beyond the personal link: the break room's kiosk, a round on
paper (daily counts, transcribing the notes, note slips), the calendar file and the poster."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from riskmapping import content
from riskmapping.balls import kiosk, materials, paper, services
from riskmapping.balls.forms import KioskDropForm, PaperCountForm, TranscribeForm
from riskmapping.models import BallRound, PaperCount
from stressprogram.pdf import pdf_response, render_pdf
from stressprogram.ratelimit import blocked, too_many
from stressprogram.security_views import refuse_wrong_secret, too_many_requests
from workplaces.access import workplace_view
from workplaces.expectations import MANAGE, MANAGE_POST, PUBLIC, expects


def _round(request: HttpRequest, pk: int) -> BallRound:
    return get_object_or_404(BallRound, workplace=request.workplace, pk=pk)


def _back(request: HttpRequest) -> HttpResponse:
    return redirect("riskmapping:ballround", slug=request.workplace.slug)


# The kiosk ----------------------------------------------------------------------------


# The dropping side's tools are the manager's; the kiosk's secret link is its key.
@expects(post=MANAGE_POST)
@workplace_view("ballround.manage")
@require_POST
def kiosk_enable(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    renewed = bool(ball_round.kiosk_token)
    try:
        kiosk.enable_kiosk(ball_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Kiosken har fået et nyt link. Det gamle virker ikke længere.")
            if renewed
            else _("Kiosken er slået til. Åbn linket på skærmen i pauserummet."),
        )
    return _back(request)


@expects(post=MANAGE_POST)
@workplace_view("ballround.manage")
@require_POST
def kiosk_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    kiosk.revoke_kiosk(_round(request, pk), by=request.user)
    messages.success(request, _("Kiosken er slået fra. Linket virker ikke længere."))
    return _back(request)


def _kiosk_drop(
    request: HttpRequest, ball_round: BallRound, form: KioskDropForm, *, today: date
) -> HttpResponse | None:
    """A drop at the kiosk: the redirect or a 429, else None with the form's errors. Wrong
    codes are counted apart, so a guesser is stopped before a code is found."""
    if too_many(
        request,
        kiosk.rate_scope(ball_round, "drop"),
        limit=kiosk.DROP_LIMIT,
        per_seconds=kiosk.DROP_WINDOW,
    ):
        return too_many_requests(request, retry_after=kiosk.DROP_WINDOW)
    misses = kiosk.rate_scope(ball_round, "code-miss")
    if blocked(request, misses, limit=kiosk.CODE_MISSES):
        return too_many_requests(request, retry_after=kiosk.CODE_WINDOW)
    if not form.is_valid():
        return None
    try:
        kiosk.kiosk_drop(ball_round, today=today, **form.cleaned_data)
    except kiosk.UnknownCodeError as error:
        too_many(request, misses, limit=kiosk.CODE_MISSES, per_seconds=kiosk.CODE_WINDOW)
        form.add_error("code", error)
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, _("Tak for din bold. Den ligger nu i glasmontren."))
    return redirect(request.path)


@expects(get=PUBLIC, post=PUBLIC)
@require_http_methods(["GET", "POST"])
def kiosk_page(request: HttpRequest, token: str) -> HttpResponse:
    """The break room's screen: no login, the secret link is the key (else 404)."""
    ball_round = kiosk.kiosk_round(token)
    if ball_round is None:
        window = {"limit": kiosk.MISS_LIMIT, "per_seconds": kiosk.MISS_WINDOW}
        return refuse_wrong_secret(request, "kiosk", secret=token, **window)
    if too_many(
        request,
        kiosk.rate_scope(ball_round, "page"),
        limit=kiosk.PAGE_LIMIT,
        per_seconds=kiosk.PAGE_WINDOW,
    ):
        return too_many_requests(request, retry_after=kiosk.PAGE_WINDOW)
    today = timezone.localdate()
    form = KioskDropForm(request.POST or None)
    if request.method == "POST":
        done = _kiosk_drop(request, ball_round, form, today=today)
        if done is not None:
            return done
    # The glass shows finished days only, in spans of enough balls (`services.glass`):
    # whoever watches the screen learns nothing from one more drop.
    totals = services.round_glass(ball_round, today=today)["totals"] or {"red": 0, "green": 0}
    context: dict[str, Any] = {
        "round": ball_round,
        "totals": totals,
        # The glass displays fill with one ball per ball shown (up to what fits).
        "red_dots": range(min(totals["red"], kiosk.MAX_BALLS_SHOWN)),
        "green_dots": range(min(totals["green"], kiosk.MAX_BALLS_SHOWN)),
        "day_number": ball_round.day_number(today),
        "refresh": kiosk.REFRESH_SECONDS,
    }
    if request.htmx:
        return render(request, "riskmapping/_kiosk_glasses.html", context)
    context.update(
        form=form,
        open_today=ball_round.is_open_on(today),
        red_label=content.RED,
        green_label=content.GREEN,
    )
    return render(request, "riskmapping/kiosk.html", context)


# A round on paper -----------------------------------------------------------------------


@expects(get=MANAGE, post=MANAGE)
@workplace_view("ballround.manage")
@require_http_methods(["GET", "POST"])
def paper_counts(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    if ball_round.mode != BallRound.Mode.PAPER:
        raise Http404
    today = timezone.localdate()
    days = paper.countable_days(ball_round, today)
    saved = {c.day: c for c in PaperCount.objects.filter(round=ball_round)}
    form = PaperCountForm(request.POST or None, days=days, saved=saved)
    corrections: list[paper.PaperChange] = []
    if request.method == "POST" and form.is_valid():
        try:
            changes = paper.save_paper_counts(
                ball_round,
                by=request.user,
                counts=form.counts(),
                confirm=request.POST.get("confirm", ""),
                today=today,
            )
        except paper.CorrectionsToConfirm as asked:
            corrections = asked.corrections
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _changed_days_message(changes))
            return redirect(request.path)
    # The cursor starts in the first wrong field, else the first day without counts.
    wrong = [name for name in form.fields if name in form.errors]
    open_days = [d for d in days if d not in saved] or days[:1]
    if wrong:
        focus = form[wrong[0]].id_for_label
    else:
        focus = form[f"red_{open_days[0].isoformat()}"].id_for_label if open_days else None
    rows = [
        {
            "number": number,
            "day": day,
            "open": day in days,
            "red": form[f"red_{day.isoformat()}"] if day in days else None,
            "green": form[f"green_{day.isoformat()}"] if day in days else None,
        }
        for number, day in enumerate(ball_round.drop_days, start=1)
    ]
    return render(
        request,
        "riskmapping/paper_counts.html",
        {
            "round": ball_round,
            "form": form,
            "rows": rows,
            "may_count": ball_round.status in paper.COUNTING,
            "totals": services.totals(services.counts(ball_round)),
            "corrections": corrections,
            "corrections_key": paper.changes_key(corrections),
            "focus": focus,
        },
    )


def _changed_days_message(changes: list[paper.PaperChange]) -> str:
    if not changes:
        return _("Ingen tal er ændret.")
    days = ", ".join(formats.date_format(c.day, "j. b") for c in changes)
    return ngettext(
        "Tallene er gemt for %(days)s.",
        "Tallene er gemt for %(count)s dage: %(days)s.",
        len(changes),
    ) % {"days": days, "count": len(changes)}


@expects(get=MANAGE, post=MANAGE)
@workplace_view("ballround.manage")
@require_http_methods(["GET", "POST"])
def paper_transcribe(request: HttpRequest, pk: int) -> HttpResponse:
    """One note after another from the paper mailbox, by keyboard alone: type the note,
    the colour stays as chosen (arrow keys change it), Enter saves and clears."""
    ball_round = _round(request, pk)
    if ball_round.mode != BallRound.Mode.PAPER:
        raise Http404
    today = timezone.localdate()
    colour = request.GET.get("farve") or request.POST.get("colour") or "red"
    form = TranscribeForm(request.POST or None, initial={"colour": colour})
    duplicate = False
    if request.method == "POST" and form.is_valid():
        try:
            paper.transcribe_note(ball_round, today=today, **form.cleaned_data)
        except paper.PossibleDuplicateError as error:
            duplicate = True
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Sedlen er gemt. Skriv den næste."))
            return redirect(f"{request.path}?farve={form.cleaned_data['colour']}")
    return render(
        request,
        "riskmapping/paper_transcribe.html",
        {
            "round": ball_round,
            "form": form,
            "duplicate": duplicate,
            "may_transcribe": paper.may_transcribe(ball_round, today),
            "done": paper.transcribed(ball_round),
            "totals": services.totals(services.counts(ball_round)),
        },
    )


@expects(get=MANAGE)
@workplace_view("ballround.manage")
@require_safe
def paper_slips(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    pdf = render_pdf(
        "pdf/ball_slips.html", materials.slips_context(ball_round), workplace=request.workplace
    )
    return pdf_response(pdf, f"boldmetoden-sedler-{_stamp(ball_round.first_day)}.pdf")


# Materials for every round --------------------------------------------------------------


@expects(get=MANAGE)
@workplace_view("ballround.manage")
@require_safe
def round_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    response = HttpResponse(
        materials.round_calendar(ball_round), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="boldmetoden-{_stamp(ball_round.first_day)}.ics"'
    )
    return response


@expects(get=MANAGE)
@workplace_view("ballround.manage")
@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    ball_round = _round(request, pk)
    pdf = render_pdf(
        "pdf/ball_poster.html", materials.poster_context(ball_round), workplace=request.workplace
    )
    return pdf_response(pdf, f"boldmetoden-plakat-{_stamp(ball_round.first_day)}.pdf")


def _stamp(day: date) -> str:
    return day.isoformat()
