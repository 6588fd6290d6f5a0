from django.urls import path

from . import views

app_name = "exchange"
urlpatterns = [
    path("", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("cohorts/<int:pk>/", views.cohort, name="cohort"),
    path("cohorts/<int:pk>/apply/", views.apply, name="apply"),
    path("cohorts/<int:pk>/run/", views.run, name="run"),
    path("cohorts/<int:pk>/results/", views.results, name="results"),
    path("cohorts/<int:pk>/runs/<int:run_pk>/publish/", views.publish, name="publish"),
    path("cohorts/<int:pk>/runs/<int:run_pk>/progress/", views.run_progress, name="run_progress"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/pitch-deck/", views.pitch_deck, name="pitch_deck"),
    path("hosts/<int:pk>/", views.host, name="host"),
    path("hosts/<int:pk>/rank/", views.host_rank, name="host_rank"),
    path("placements/<int:pk>/", views.placement, name="placement"),
]
