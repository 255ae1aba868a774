"""Sorting notes under categories, proposals with their track, and IGLO plans from them:
shared by the ball method (Bilag 5, notes are balls) and the dialogue method (Bilag 6,
notes are sticky notes). An owner is a `BallRound` or a `DialogueMeeting`; it has
`categories`, `notes()`, `source_label()` and `workplace`, and may cap its categories per
colour with `MAX_CATEGORIES`.

An owner may also say what is open, by status, with boolean attributes (missing means
open): `notes_readable` (hide and show notes), `sorting_open` (headings and filing),
`meeting_open` (joining a heading, proposals and tracks) and `plans_open` (IGLO plans)."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from iglo.models import IgloPlan, Track
from iglo.services import create_plan_from_risk_factor
from riskmapping.models import Category, Colour, Proposal
from stressprogram.forms import one_line
from workplaces.models import User
from workplaces.services import active_members

TITLE_MAX = Category._meta.get_field("title").max_length  # noqa: SLF001
PROPOSAL_MAX = 1000
REASON_MAX = 300


def _require(owner: Any, flag: str) -> None:
    """Refuse, in Danish, what the owner's status does not allow (see the module doc)."""
    if getattr(owner, flag, True):
        return
    messages = {
        "notes_readable": _("Sedlerne kan først læses, når dagene er gået."),
        "sorting_open": _("Overskrifterne kan kun ændres, mens sedlerne sorteres."),
        "meeting_open": _("Det kan kun gøres under mødet med medarbejderne."),
        "plans_open": _("IGLO-handleplaner laves, når sedlerne er sorteret og fremlagt."),
    }
    raise ValidationError(messages[flag])


def _clean_title(title: str) -> str:
    return one_line(
        title,
        most=TITLE_MAX,
        empty=_("Skriv en overskrift."),
        too_long=_("En overskrift må højst have %(n)s tegn."),
    )


def add_category(owner: Any, *, colour: str, title: str) -> Category:
    """A new heading of the owner, within its per-colour limit."""
    if colour not in Colour.values:
        raise ValidationError(_("Vælg rød eller grøn."))
    _require(owner, "sorting_open")
    title = _clean_title(title)
    with transaction.atomic():
        # Lock the owner so two sorters cannot both take the last free heading.
        type(owner).objects.select_for_update().filter(pk=owner.pk).first()
        existing = owner.categories.filter(colour=colour)
        limit = getattr(owner, "MAX_CATEGORIES", None)
        if limit is not None and existing.count() >= limit:
            raise ValidationError(
                _("Der kan højst være %(n)s %(colour)s overskrifter.")
                % {"n": limit, "colour": _("røde") if colour == Colour.RED else _("grønne")}
            )
        if existing.filter(title__iexact=title).exists():
            raise ValidationError(_("Der er allerede en overskrift med det navn."))
        position = existing.count()
        return owner.categories.create(colour=colour, title=title, position=position)


def rename_category(category: Category, *, title: str) -> Category:
    _require(category.owner, "sorting_open")
    title = _clean_title(title)
    siblings = category.owner.categories.filter(colour=category.colour).exclude(pk=category.pk)
    if siblings.filter(title__iexact=title).exists():
        raise ValidationError(_("Der er allerede en overskrift med det navn."))
    category.title = title
    category.save(update_fields=["title"])
    return category


def merge_categories(into: Category, other: Category) -> Category:
    """Everything under `other` moves under `into`; `other` is deleted."""
    if into.pk == other.pk:
        raise ValidationError(_("Vælg to forskellige overskrifter."))
    if into.owner != other.owner or into.colour != other.colour:
        raise ValidationError(_("Kun overskrifter af samme farve kan lægges sammen."))
    _require(into.owner, "sorting_open")
    if other.iglo_plan_id:
        raise ValidationError(_("Overskriften har allerede en IGLO-handleplan."))
    with transaction.atomic():
        other.owner.notes().filter(category=other).update(category=into)
        other.proposals.update(category=into)
        into.members.add(*other.members.all())
        other.delete()
    return into


def delete_category(category: Category) -> None:
    """The heading goes; its notes are unsorted again (and its proposals go with it)."""
    _require(category.owner, "sorting_open")
    if category.iglo_plan_id:
        raise ValidationError(_("Overskriften har allerede en IGLO-handleplan."))
    with transaction.atomic():
        category.owner.notes().filter(category=category).update(category=None)
        category.delete()


def file_note(owner: Any, note_id: Any, *, category: Category | None, set_aside: bool = False):
    """Put one of the owner's notes under a category of its colour, set it aside, or (with
    neither) back among the unsorted."""
    file_notes(owner, [note_id], category=category, set_aside=set_aside)
    return owner.notes().get(pk=note_id)


def file_notes(
    owner: Any, note_ids: list[Any], *, category: Category | None, set_aside: bool = False
) -> int:
    """`file_note` for several notes at once (a selection, or identical notes shown as one):
    all of them move, or none when one cannot."""
    _require(owner, "sorting_open")
    pk_field = owner.notes().model._meta.pk  # noqa: SLF001
    try:
        keys = {pk_field.to_python(key) for key in note_ids}
    except ValidationError:
        keys = {None}
    if not keys:
        raise ValidationError(_("Vælg de sedler, der skal flyttes."))
    notes = owner.notes().filter(pk__in=keys - {None})
    if None in keys or notes.count() != len(keys):
        raise ValidationError(_("Sedlen findes ikke."))
    if category is not None:
        if category.owner != owner:
            raise ValidationError(_("Overskriften findes ikke."))
        if notes.exclude(colour=category.colour).exists():
            raise ValidationError(_("En seddel kan kun ligge under en overskrift i sin farve."))
        set_aside = False
    return notes.update(category=category, set_aside=set_aside)


def same_text(text: str) -> str:
    """The form in which two notes count as identical: trimmed, spaces collapsed, case folded."""
    return " ".join((text or "").split()).casefold()


def distinct_notes(notes: list[Any]) -> list[Any]:
    """Identical notes of one colour (see `same_text`) as one: the first of them, with
    `copies` (the keys of all of them, for moving them together) and `count`. Hidden notes
    are never merged with shown ones."""
    found: dict[tuple, Any] = {}
    for note in notes:
        key = (note.colour, same_text(note.note), note.hidden_reason)
        first = found.get(key)
        if first is None:
            note.copies = [note.pk]
            found[key] = note
        else:
            first.copies.append(note.pk)
    for note in found.values():
        note.count = len(note.copies)
    return list(found.values())


def hide_note(owner: Any, note_id: Any, *, reason: str):
    """Hide an abusive or identifying note from everyone; the ball still counts, the reason
    is kept, and nothing records who wrote it."""
    _require(owner, "notes_readable")
    reason = one_line(
        reason,
        most=REASON_MAX,
        empty=_("Skriv, hvorfor sedlen skjules."),
        too_long=_("Begrundelsen må højst have %(n)s tegn."),
    )
    updated = owner.notes().filter(pk=note_id).update(hidden_reason=reason)
    if not updated:
        raise ValidationError(_("Sedlen findes ikke."))


def show_note(owner: Any, note_id: Any) -> None:
    _require(owner, "notes_readable")
    if not owner.notes().filter(pk=note_id).update(hidden_reason=""):
        raise ValidationError(_("Sedlen findes ikke."))


def board(owner: Any) -> dict[str, Any]:
    """Everything a sorting screen, the meeting and the results show, in a fixed number of
    queries: the categories of each colour with their notes (`sorted_notes`: all, for the
    sorters; `shown_notes`: without the hidden ones, for everyone else) and proposals, the
    unsorted and the set-aside notes, and each list with identical notes shown once
    (`note_groups`, `unsorted_groups`, `aside_groups`). Notes come in the order of their random key:
    shuffled, and without dates."""
    categories = list(
        owner.categories.annotate(member_count=Count("members", distinct=True)).prefetch_related(
            Prefetch("proposals", queryset=Proposal.objects.order_by("pk"))
        )
    )
    all_notes = list(owner.notes().order_by("pk"))
    by_category: dict[int, list] = {c.pk: [] for c in categories}
    unsorted, aside = [], []
    for note in all_notes:
        if note.category_id in by_category:
            by_category[note.category_id].append(note)
        elif note.set_aside:
            aside.append(note)
        else:
            unsorted.append(note)
    for category in categories:
        category.sorted_notes = by_category[category.pk]
        category.note_groups = distinct_notes(category.sorted_notes)
        category.shown_notes = [n for n in category.sorted_notes if not n.hidden_reason]
        category.proposal_list = list(category.proposals.all())
    red = [c for c in categories if c.colour == Colour.RED]
    green = [c for c in categories if c.colour == Colour.GREEN]
    limit = getattr(owner, "MAX_CATEGORIES", None)
    return {
        "red_categories": red,
        "green_categories": green,
        "unsorted": unsorted,
        "aside": aside,
        "unsorted_groups": distinct_notes(unsorted),
        "aside_groups": distinct_notes(aside),
        "limit": limit,
        "red_full": limit is not None and len(red) >= limit,
        "green_full": limit is not None and len(green) >= limit,
        "note_count": len(all_notes),
    }


def join_category(category: Category, user: User) -> Category:
    """At the meeting, a member goes to the red heading where they have most ideas: one
    heading each, so joining another leaves the first."""
    owner = category.owner
    _require(owner, "meeting_open")
    if category.colour != Colour.RED:
        raise ValidationError(_("Man går til en af de røde overskrifter."))
    if not active_members(owner.workplace).filter(pk=user.pk).exists():
        raise ValidationError(_("Kun arbejdspladsens medarbejdere deltager i mødet."))
    with transaction.atomic():
        for other in owner.categories.filter(members=user).exclude(pk=category.pk):
            other.members.remove(user)
        category.members.add(user)
    return category


def joined_category(owner: Any, user: User) -> Category | None:
    """The red heading the user has gone to at the meeting, if any."""
    return owner.categories.filter(members=user).first()


def _clean_proposal(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Skriv et forslag."))
    if len(text) > PROPOSAL_MAX:
        raise ValidationError(_("Et forslag må højst have %(n)s tegn.") % {"n": PROPOSAL_MAX})
    if "\x00" in text:
        raise ValidationError(_("Forslaget indeholder tegn, der ikke kan gemmes."))
    return text


def add_proposal(
    category: Category, *, text: str, track: str = "", client_id: uuid.UUID | None = None
) -> Proposal:
    """A green proposal under a red category. Sent again with the same `client_id` (a phone
    back online), it is stored once."""
    _require(category.owner, "meeting_open")
    if category.colour != Colour.RED:
        raise ValidationError(_("Forslag hører til en rød overskrift."))
    if track and track not in Track.values:
        raise ValidationError(_("Vælg »handles straks« eller »arbejdes videre med«."))
    text = _clean_proposal(text)
    if client_id is not None:
        existing = Proposal.objects.filter(client_id=client_id).first()
        if existing is not None:
            return _resent(existing, category)
    try:
        with transaction.atomic():
            return Proposal.objects.create(
                category=category, text=text, track=track, client_id=client_id
            )
    except IntegrityError:  # the same phone's resend raced its first send
        return _resent(Proposal.objects.get(client_id=client_id), category)


def _resent(existing: Proposal, category: Category) -> Proposal:
    """The proposal already stored for a resent form; a key that belongs to another heading
    is refused rather than answered with someone else's proposal."""
    if existing.category_id != category.pk:
        raise ValidationError(_("Forslaget kunne ikke gemmes. Indlæs siden igen, og prøv igen."))
    return existing


def set_track(proposal: Proposal, track: str) -> Proposal:
    _require(proposal.category.owner, "meeting_open")
    if track and track not in Track.values:
        raise ValidationError(_("Vælg »handles straks« eller »arbejdes videre med«."))
    proposal.track = track
    proposal.save(update_fields=["track"])
    return proposal


def create_iglo_plan(category: Category, *, by: User) -> IgloPlan:
    """One click per red category: a draft IGLO plan with the category as risk factor, how
    many notes are under it as the description and its proposals as draft actions. A
    proposal not yet given a track goes to `later` — the manager and the tillidsvalgte
    work on it."""
    if category.colour != Colour.RED:
        raise ValidationError(_("IGLO-handleplaner laves ud fra de røde overskrifter."))
    owner = category.owner
    _require(owner, "plans_open")
    with transaction.atomic():
        locked = Category.objects.select_for_update().get(pk=category.pk)
        if locked.iglo_plan_id:
            raise ValidationError(_("Overskriften har allerede en IGLO-handleplan."))
        # Everyone who reads the plan (HR, every member) sees the heading and how many
        # notes are under it; the note texts stay with those who sort them.
        notes = list(owner.notes().filter(category=locked).filter(Q(hidden_reason="")))
        count, different = len(notes), len(distinct_notes(notes))
        description = ngettext(
            "%(n)s seddel ligger under overskriften.",
            "%(n)s sedler ligger under overskriften.",
            count,
        ) % {"n": count}
        if different < count:
            description += " " + ngettext(
                "Heraf %(d)s forskellig tekst.", "Heraf %(d)s forskellige tekster.", different
            ) % {"d": different}
        plan = create_plan_from_risk_factor(
            owner.workplace,
            by=by,
            title=locked.title,
            description=description,
            source=_iglo_source(owner),
            source_label=owner.source_label(),
            proposals=[
                {"text": p.text, "track": p.track or Track.LATER}
                for p in locked.proposals.order_by("pk")
            ],
        )
        locked.iglo_plan = plan
        locked.save(update_fields=["iglo_plan"])
    category.iglo_plan = plan
    return plan


def _iglo_source(owner: models.Model) -> str:
    if owner._meta.model_name == "ballround":  # noqa: SLF001
        return IgloPlan.Source.BALL_ROUND
    return IgloPlan.Source.DIALOGUE_MEETING
