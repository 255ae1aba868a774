from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("mine-data/", views.my_data, name="my-data"),
    path("mine-data/mine-data.json", views.my_data_json, name="my-data-json"),
    path("mine-data/mine-data.pdf", views.my_data_pdf, name="my-data-pdf"),
    # HR removes a person who has left (linked from the person's page in the admin).
    path("people/<int:pk>/remove/", views.person_anonymise, name="person-anonymise"),
]
