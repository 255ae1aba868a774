from django.urls import path

from riskmapping import presenter_views
from riskmapping import views as both
from riskmapping.balls import drop_views, meeting_views, views
from riskmapping.dialogue import views as dv
from riskmapping.sorting.urls import board_urls
from stressprogram.routes import WORKPLACE

app_name = "riskmapping"
W = WORKPLACE + "boldmetoden/"
D = WORKPLACE + "dialogmetoden/"
urlpatterns = [
    # Addresses outside a workplace first: phones and break-room screens ask for them most
    # (a drop link a day per person, a phone's poll every 1.5 s), and the URL resolver tries
    # patterns in order. The personal drop link and the kiosk (riskmapping.balls).
    path("b/<str:token>/", views.token_drop, name="token-drop"),
    path("k/<str:token>/", drop_views.kiosk_page, name="kiosk"),
    # The meeting room's screen: the secret presenter link (riskmapping.presenter_views).
    path("s/<str:token>/", presenter_views.screen, name="presenter"),
    path("s/<str:token>/live/", presenter_views.screen_live, name="presenter-live"),
    path("s/<str:token>/qr.svg", presenter_views.screen_qr, name="presenter-qr"),
    # The participants' phones: the short code is the way in (riskmapping.dialogue.views).
    path("m/", dv.join, name="dialogue-join"),
    path("m/<str:code>/", dv.participant, name="dialogue-participant"),
    path("m/<str:code>/status/", dv.state, name="dialogue-state"),
    path("m/<str:code>/seddel/", dv.note, name="dialogue-note"),
    path("m/<str:code>/forslag/", dv.proposal, name="dialogue-proposal"),
    # Bilag 5, the ball method, in a workplace (riskmapping.balls.views).
    path(W, views.ballround, name="ballround"),
    path(W + "plan/", views.ballround_plan, name="ballround-plan"),
    path(W + "historik/", both.history, name="history"),
    path(W + "<int:pk>/", views.past_round, name="past-round"),
    path(W + "<int:pk>/start/", views.ballround_start, name="ballround-start"),
    path(W + "<int:pk>/aflys/", views.ballround_cancel, name="ballround-cancel"),
    path(W + "<int:pk>/bold/", views.ball_drop, name="ball-drop"),
    path(W + "<int:pk>/bold/nyt-link/", views.drop_link_renew, name="drop-link-renew"),
    # The dropping side: kiosk, paper, calendar file and poster (riskmapping.balls.drop_views).
    path(W + "<int:pk>/kiosk/", drop_views.kiosk_enable, name="kiosk-enable"),
    path(W + "<int:pk>/kiosk/sluk/", drop_views.kiosk_revoke, name="kiosk-revoke"),
    path(W + "<int:pk>/papir/tal/", drop_views.paper_counts, name="paper-counts"),
    path(W + "<int:pk>/papir/sedler/", drop_views.paper_transcribe, name="paper-transcribe"),
    path(W + "<int:pk>/sedler.pdf", drop_views.paper_slips, name="paper-slips"),
    path(W + "<int:pk>/boldmetoden.ics", drop_views.round_calendar, name="round-calendar"),
    path(W + "<int:pk>/plakat.pdf", drop_views.poster, name="poster"),
    # After the days: status, sorting, the staff meeting, IGLO plans, results
    # (riskmapping.balls.meeting_views).
    path(W + "<int:pk>/status/", meeting_views.advance, name="ballround-advance"),
    # The sorting board (riskmapping.sorting.views), as for the dialogue method.
    *board_urls(meeting_views.ROUND_BOARD, prefix=W + "<int:pk>/sortering/", note="uuid"),
    path(W + "<int:pk>/moede/", meeting_views.meeting, name="meeting"),
    path(W + "<int:pk>/moede/dagsorden/", meeting_views.meeting_agenda, name="meeting-agenda"),
    path(W + "<int:pk>/moede/projektor/", meeting_views.projector, name="projector"),
    path(W + "<int:pk>/moede/projektor/live/", meeting_views.projector_live, name="projector-live"),
    path(W + "<int:pk>/moede/skaerm/", meeting_views.presenter_enable, name="presenter-enable"),
    path(W + "<int:pk>/moede/<int:category_pk>/deltag/", meeting_views.join, name="join"),
    path(W + "<int:pk>/moede/<int:category_pk>/forslag/", meeting_views.propose, name="propose"),
    path(W + "<int:pk>/forslag/<int:proposal_pk>/spor/", meeting_views.track, name="track"),
    path(W + "<int:pk>/rapport.pdf", meeting_views.report_pdf, name="report-pdf"),
    # Bilag 6, the dialogue method (riskmapping.dialogue.views).
    path(D, dv.overview, name="dialogue"),
    path(D + "plan/", dv.plan, name="dialogue-plan"),
    path(D + "<int:pk>/", dv.meeting_page, name="dialogue-meeting"),
    path(D + "<int:pk>/rediger/", dv.edit, name="dialogue-edit"),
    path(D + "<int:pk>/grupper/", dv.groups, name="dialogue-groups"),
    path(D + "<int:pk>/indkald/", dv.invite, name="dialogue-invite"),
    path(D + "<int:pk>/aflys/", dv.meeting_cancel, name="dialogue-cancel"),
    path(D + "<int:pk>/dagsorden.pdf", dv.agenda_pdf, name="dialogue-agenda-pdf"),
    path(D + "<int:pk>/tavle/", dv.board, name="dialogue-board"),
    path(D + "<int:pk>/tavle/live/", dv.board_live, name="dialogue-board-live"),
    path(D + "<int:pk>/tavle/fase/", dv.phase, name="dialogue-phase"),
    path(D + "<int:pk>/qr.svg", dv.qr, name="dialogue-qr"),
    path(D + "<int:pk>/skaerm/", dv.presenter_enable, name="dialogue-presenter-enable"),
    path(D + "<int:pk>/gaest/<int:guest_pk>/", dv.guest, name="dialogue-guest"),
    *board_urls(dv.MEETING_BOARD, prefix=D + "<int:pk>/sortering/", note="int"),
    path(D + "<int:pk>/forslag/<int:proposal_pk>/spor/", dv.track, name="dialogue-track"),
    path(D + "<int:pk>/resultat/", dv.results, name="dialogue-results"),
    path(D + "<int:pk>/referat.pdf", dv.summary_pdf, name="dialogue-summary-pdf"),
]
