"""Pages of the ventures module."""

from django.urls import path

from . import views

app_name = "ventures"
urlpatterns = [
    path("", views.pipeline, name="pipeline"),
    path("pipeline.svg", views.pipeline_chart, name="pipeline_chart"),
    path("new/", views.venture_new, name="venture_new"),
    path("<int:pk>/", views.venture_detail, name="venture"),
    path("<int:pk>/edit/", views.venture_edit, name="venture_edit"),
    path("<int:pk>/stage/", views.venture_advance, name="venture_advance"),
    path("pledges/", views.pledge_list, name="pledges"),
    path("pledges.svg", views.pledge_chart, name="pledge_chart"),
    path("pledges/new/", views.pledge_new, name="pledge_new"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("context/", views.context_list, name="context"),
    path("context.csv", views.context_csv, name="context_csv"),
]
