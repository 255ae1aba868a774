from django.urls import include, path

from guidelines import views
from stressprogram.routes import WORKPLACE

app_name = "guidelines"
workplace_patterns = [
    path("knowledge/", views.knowledge, name="knowledge"),
    path("knowledge/edit/", views.knowledge_edit, name="knowledge-edit"),
    path("knowledge/viden-om-stress.pdf", views.knowledge_pdf, name="knowledge-pdf"),
    path(
        "knowledge/skabelon.pdf",
        views.knowledge_pdf,
        {"blank": True},
        name="knowledge-blank-pdf",
    ),
    path("guideline/", views.guideline, name="guideline"),
    path("guideline/cells/<str:level>/<str:zone>/", views.cell_edit, name="cell-edit"),
    path("guideline/step/", views.step_set, name="step-set"),
    path("guideline/publish/", views.publish, name="publish"),
    path("guideline/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "guideline/versions/<int:number>/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("guideline/acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("guideline/workshop/", views.workshop, name="workshop"),
    path("guideline/lokale-retningslinjer.pdf", views.guideline_pdf, name="guideline-pdf"),
    path("guideline/skabelon.pdf", views.template_pdf, name="template-pdf"),
    path("priority-plan/", views.priority_plan, name="priority-plan"),
    path("priority-plan/edit/", views.priority_plan_edit, name="priority-plan-edit"),
    path(
        "priority-plan/revisions/<int:number>/",
        views.priority_plan_revision,
        name="priority-plan-revision",
    ),
    path("priority-plan/use/", views.priority_plan_use, name="priority-plan-use"),
    path(
        "priority-plan/prioriteringsplan.pdf",
        views.priority_plan_pdf,
        name="priority-plan-pdf",
    ),
]

urlpatterns = [path(WORKPLACE, include(workplace_patterns))]
