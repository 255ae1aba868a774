"""The one sorting board of both methods: its page, the headings (add, rename, merge,
delete, an IGLO plan from one) and filing the notes (one, the ticked ones, hide, show).
What differs by method is its `Board` (`ROUND_BOARD` in riskmapping.balls.meeting_views,
`MEETING_BOARD` in riskmapping.dialogue.views); riskmapping.sorting.urls gives each method
these views under its own paths and URL names."""

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from riskmapping.models import Category
from riskmapping.sorting import services as sorting
from workplaces.access import workplace_view
from workplaces.expectations import FACILITATE, FACILITATE_POST, expects

FETCH_HEADER = "X-Sorting-Board"  # set by static/js/sorting.js: answer with the board only


class Board:
    """What one method's sorting board is about: whose notes, who sorts, the page around
    the board and where a browser without JS goes back to. A subclass per method."""

    names: str  # prefix of the URL names after "riskmapping:", e.g. "dialogue-"
    page_name: str  # URL name of the board's page
    owner_key: str  # the round or meeting in the templates' context
    template: str  # the board's page
    permission: str  # who sorts
    plan_permission: str  # who makes an IGLO plan from a heading
    plans_page: str  # URL name of the page a refused IGLO plan goes back to

    def owner(self, request: HttpRequest, pk: int) -> Any:
        """The workplace's round or meeting `pk`; 404 for any other."""
        raise NotImplementedError

    def refuses(self, owner: Any) -> bool:
        """Nothing may be sorted on this owner's board at all (every action is a 404)."""
        return False

    def shows_board(self, owner: Any) -> bool:
        """The page has a board (not while the notes may not be read yet)."""
        return True

    def page_context(self, request: HttpRequest, owner: Any) -> dict[str, Any]:
        """What the page shows beside the board; `too_few` where too few took part for
        any note to be shown (the page then has no board)."""
        return {}

    def changed(self, owner: Any) -> None:
        """After a change of the board."""


# A key no object has yet, for each kind of key (ball notes are UUIDs, the rest numbers).
PLACEHOLDERS = {int: 2_147_483_647, uuid.UUID: uuid.UUID(int=2**128 - 1)}


def _url_per_object(name: str, key: str, kwargs: dict[str, Any]) -> Callable[[Any], str]:
    """`reverse(name)` for every object of a board at the cost of one: reversed with a
    placeholder for `key`, then filled in per object. A board of 600 notes would otherwise
    resolve 1,800 URLs on every render, a third of its time."""
    parts: dict[type, tuple[str, str]] = {}

    def url(pk: Any) -> str:
        if type(pk) not in parts:
            placeholder = PLACEHOLDERS[type(pk)]
            found = reverse(name, kwargs={**kwargs, key: placeholder})
            parts[type(pk)] = tuple(found.rsplit(str(placeholder), 1))
        head, tail = parts[type(pk)]
        return f"{head}{pk}{tail}"

    return url


def decorate_board(found: dict[str, Any], *, prefix: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Give every category and note of a `sorting.board()` the URLs the board posts to:
    `{prefix}category-` rename, merge, delete, iglo and `{prefix}note-` file, hide, show,
    each with `kwargs` and the object's own key; and the board its `move_url`
    (`{prefix}notes-move`, several notes at once)."""
    category_urls = {
        name: _url_per_object(f"{prefix}category-{name}", "category_pk", kwargs)
        for name in ("rename", "merge", "delete", "iglo")
    }
    note_urls = {
        name: _url_per_object(f"{prefix}note-{name}", "note_pk", kwargs)
        for name in ("file", "hide", "show")
    }
    categories = found["red_categories"] + found["green_categories"]
    notes = found["unsorted"] + found["aside"]
    for category in categories:
        category.urls = {name: url(category.pk) for name, url in category_urls.items()}
        notes += category.sorted_notes
    for note in notes:
        note.urls = {name: url(note.pk) for name, url in note_urls.items()}
    found["move_url"] = reverse(f"{prefix}notes-move", kwargs=kwargs)
    return found


def board_context(request: HttpRequest, board: Board, owner: Any) -> dict[str, Any]:
    """The context of `_sorting_board.html` for this owner."""
    kwargs = {"slug": request.workplace.slug, "pk": owner.pk}
    prefix = f"riskmapping:{board.names}"
    return {
        board.owner_key: owner,
        "board": decorate_board(sorting.board(owner), prefix=prefix, kwargs=kwargs),
        "can_sort": owner.sorting_open,
        "can_hide": owner.notes_readable,
        "add_category_url": reverse(f"{prefix}category-add", kwargs=kwargs),
    }


def posted_notes(request: HttpRequest) -> list[str]:
    """The notes a move is for: each ticked box holds the keys of one note and of the notes
    identical to it, comma-separated."""
    return [key for value in request.POST.getlist("notes") for key in value.split(",") if key]


def _category(owner: Any, category_pk: int) -> Category:
    """The heading in the URL: 404 where the owner has none with that key."""
    return get_object_or_404(owner.categories, pk=category_pk)


def _posted_category(request: HttpRequest, owner: Any, field: str) -> Category:
    """The heading chosen in the form: a Danish refusal where the owner has none."""
    try:
        return owner.categories.get(pk=int(request.POST.get(field, "")))
    except (ValueError, Category.DoesNotExist):
        raise ValidationError(_("Overskriften findes ikke.")) from None


def _destination(request: HttpRequest, owner: Any) -> dict[str, Any]:
    """`category`: a heading's id, "aside" (set aside) or empty (back among the unsorted)."""
    where = request.POST.get("category", "")
    category = None if where in ("", "aside") else _posted_category(request, owner, "category")
    return {"category": category, "set_aside": where == "aside"}


# The actions: each changes the board of `owner` or raises ValidationError.


def category_add(request: HttpRequest, owner: Any) -> None:
    colour, title = request.POST.get("colour", ""), request.POST.get("title", "")
    sorting.add_category(owner, colour=colour, title=title)


def category_rename(request: HttpRequest, owner: Any, category_pk: int) -> None:
    sorting.rename_category(_category(owner, category_pk), title=request.POST.get("title", ""))


def category_merge(request: HttpRequest, owner: Any, category_pk: int) -> None:
    other = _category(owner, category_pk)
    sorting.merge_categories(_posted_category(request, owner, "into"), other)


def category_delete(request: HttpRequest, owner: Any, category_pk: int) -> None:
    sorting.delete_category(_category(owner, category_pk))


def notes_move(request: HttpRequest, owner: Any) -> None:
    """The ticked notes (`notes`) to `category`, as in `note_file`."""
    sorting.file_notes(owner, posted_notes(request), **_destination(request, owner))


def note_file(request: HttpRequest, owner: Any, note_pk: Any) -> None:
    sorting.file_note(owner, note_pk, **_destination(request, owner))


def note_hide(request: HttpRequest, owner: Any, note_pk: Any) -> None:
    sorting.hide_note(owner, note_pk, reason=request.POST.get("reason", ""))


def note_show(request: HttpRequest, owner: Any, note_pk: Any) -> None:
    sorting.show_note(owner, note_pk)


# The views of one board.


def _sortable(board: Board, request: HttpRequest, pk: int) -> Any:
    owner = board.owner(request, pk)
    if board.refuses(owner):
        raise Http404
    return owner


def page_view(board: Board) -> Callable[..., HttpResponse]:
    """The board's page: the board where it is shown, else what the method says instead."""

    @expects(get=FACILITATE)
    @workplace_view(board.permission)
    @require_safe
    def sorting_board(request: HttpRequest, pk: int) -> HttpResponse:
        owner = board.owner(request, pk)
        context = {board.owner_key: owner, **board.page_context(request, owner)}
        if board.shows_board(owner) and not context.get("too_few"):
            context.update(board_context(request, board, owner))
        return render(request, board.template, context)

    return sorting_board


def action_view(board: Board, action: Callable[..., None]) -> Callable[..., HttpResponse]:
    """A POST view running `action` on the board: answer sorting.js with the board (400
    with the reason when refused), a browser without JS with a redirect to the board's
    page (the reason as a message)."""

    @expects(post=FACILITATE_POST)
    @workplace_view(board.permission)
    @require_POST
    @wraps(action)
    def view(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        owner = _sortable(board, request, pk)
        error = None
        try:
            action(request, owner, **kwargs)
        except ValidationError as found:
            error = " ".join(found.messages)
        else:
            board.changed(owner)
        if request.headers.get(FETCH_HEADER):
            context = {**board_context(request, board, owner), "board_error": error or ""}
            status = 400 if error else 200
            return render(request, "riskmapping/_sorting_board.html", context, status=status)
        if error is not None:
            messages.error(request, error)
        page = reverse(
            f"riskmapping:{board.page_name}", kwargs={"slug": request.workplace.slug, "pk": pk}
        )
        return redirect(page + "#board")

    return view


def iglo_view(board: Board) -> Callable[..., HttpResponse]:
    """An IGLO plan from a heading; refused, back to the heading on the method's page."""

    @expects(post=FACILITATE_POST)
    @workplace_view(board.plan_permission)
    @require_POST
    def category_iglo(request: HttpRequest, pk: int, category_pk: int) -> HttpResponse:
        category = _category(_sortable(board, request, pk), category_pk)
        try:
            plan = sorting.create_iglo_plan(category, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            kwargs = {"slug": request.workplace.slug, "pk": pk}
            page = reverse(f"riskmapping:{board.plans_page}", kwargs=kwargs)
            return redirect(f"{page}#overskrift-{category.pk}")
        messages.success(
            request, _("IGLO-handleplanen for »%(title)s« er lavet.") % {"title": category.title}
        )
        return redirect("iglo:plan", slug=request.workplace.slug, pk=plan.pk)

    return category_iglo
