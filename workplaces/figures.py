"""The stamp of what HR's dashboard shows of a workplace. The dashboard (the oversight
code, above the annexes) keeps each workplace's figures under its `figures_stamp`; the
annexes' services, which may not know the dashboard, call `changed` in the transaction of
any change it could show, so the figures are computed again on the next view."""

from workplaces.models import Workplace, new_figures_stamp


def changed(*workplace_ids: int) -> None:
    """The workplaces' guideline, plans, risk mappings or their figures changed. Inside the
    change's transaction, so the new stamp and the new rows are seen together."""
    if workplace_ids:
        Workplace.objects.filter(pk__in=workplace_ids).update(figures_stamp=new_figures_stamp())
