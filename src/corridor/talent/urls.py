"""Pages of the talent module."""

from django.urls import path

from . import views

app_name = "talent"
urlpatterns = [
    path("", views.index, name="index"),
    path("charts/moves.svg", views.moves_chart, name="moves_chart"),
    path("charts/jobs.svg", views.jobs_chart, name="jobs_chart"),
    path("jobs/", views.jobs, name="jobs"),
    path("jobs/new/", views.job_new, name="job_new"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/close/", views.job_close, name="job_close"),
    path("jobs/<int:pk>/eligibility/", views.job_eligibility, name="job_eligibility"),
    path("checks/<int:pk>/", views.check, name="check"),
    path("professionals/", views.professionals, name="professionals"),
    path("professionals/<int:pk>/", views.professional, name="professional"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("matches/", views.matches, name="matches"),
    path("qualifications/<int:pk>/verify/", views.qualification_verify, name="qualification_verify"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("bridge/", views.bridge, name="bridge"),
    path("pathways/", views.pathways, name="pathways"),
    path("pathways/new/", views.pathway_new, name="pathway_new"),
    path("pathways/<int:pk>/edit/", views.pathway_edit, name="pathway_edit"),
    path("pathways/<int:pk>/retire/", views.pathway_retire, name="pathway_retire"),
    path("pathways/<int:pk>/rules/new/", views.rule_new, name="rule_new"),
    path("pathways/rules/<int:pk>/new-version/", views.rule_version, name="rule_version"),
    path("credentials/", views.credential_list, name="credentials"),
    path("credentials/status-list.json", views.status_list, name="status_list"),
    path("credentials/<int:pk>/", views.credential, name="credential"),
    path("credentials/<int:pk>/download/", views.credential_download, name="credential_download"),
]
