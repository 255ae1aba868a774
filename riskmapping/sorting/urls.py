"""The sorting board's URLs, the same for both methods under each one's own path."""

from django.urls import URLPattern, path

from riskmapping.sorting.views import (
    Board,
    action_view,
    category_add,
    category_delete,
    category_merge,
    category_rename,
    iglo_view,
    note_file,
    note_hide,
    note_show,
    notes_move,
    page_view,
)


def board_urls(board: Board, *, prefix: str, note: str) -> list[URLPattern]:
    """The board's URLs under `prefix` (ending in "<int:pk>/sortering/"), named
    `board.page_name` and `{board.names}category-add` etc.; `note` is the converter of the
    notes' keys ("uuid" for balls, "int" for sticky notes)."""
    category = prefix + "overskrift/<int:category_pk>/"
    note_path = prefix + f"seddel/<{note}:note_pk>/"
    actions = {
        "category-add": (prefix + "overskrift/", category_add),
        "category-rename": (category, category_rename),
        "category-merge": (category + "saml/", category_merge),
        "category-delete": (category + "slet/", category_delete),
        "notes-move": (prefix + "flyt/", notes_move),
        "note-file": (note_path, note_file),
        "note-hide": (note_path + "skjul/", note_hide),
        "note-show": (note_path + "vis/", note_show),
    }
    return [
        path(prefix, page_view(board), name=board.page_name),
        *(
            path(route, action_view(board, action), name=board.names + name)
            for name, (route, action) in actions.items()
        ),
        path(category + "iglo/", iglo_view(board), name=f"{board.names}category-iglo"),
    ]
