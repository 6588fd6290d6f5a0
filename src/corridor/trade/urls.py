from django.urls import path

from . import views

app_name = "trade"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chart/<slug:name>.svg", views.chart, name="chart"),
    path("data/<slug:name>.<str:fmt>", views.download, name="download"),
    path("releases/", views.releases, name="releases"),
    path("releases/<int:pk>/", views.release_detail, name="release"),
    path("releases/<int:pk>/publish/", views.release_publish, name="release_publish"),
    path("upload/", views.upload, name="upload"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
]
