"""Pages of the datahub module, mounted at /data/."""

from django.urls import path

from . import views

app_name = "datahub"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalogue.<str:fmt>", views.catalogue_dcat, name="catalogue_dcat"),
    path("new/", views.dataset_new, name="dataset_new"),
    path("requests/", views.requests_inbox, name="requests"),
    path("requests/<int:pk>/", views.access_request, name="request"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("agreements/<int:pk>/agreement.json", views.agreement_json, name="agreement_json"),
    path("tokens/", views.tokens, name="tokens"),
    path("files/<int:pk>/", views.datafile, name="file"),
    path("files/<int:pk>/profile/", views.datafile_profile, name="file_profile"),
    path("files/<int:pk>/profile/run/", views.datafile_reprofile, name="file_reprofile"),
    path("files/<int:pk>/download/", views.download, name="download"),
    path("<slug:slug>/", views.dataset, name="dataset"),
    path("<slug:slug>/edit/", views.dataset_edit, name="dataset_edit"),
    path("<slug:slug>/request/", views.request_access, name="request_access"),
    path("<slug:slug>/downloads/", views.downloads, name="downloads"),
    path("<slug:slug>/versions/new/", views.version_new, name="version_new"),
    path("<slug:slug>/dcat.<str:fmt>", views.dataset_dcat, name="dataset_dcat"),
    path("<slug:slug>/v<int:number>/", views.version, name="version"),
    path("<slug:slug>/v<int:number>/publish/", views.version_publish, name="version_publish"),
    path("<slug:slug>/v<int:number>/anonymity/", views.version_anonymity, name="version_anonymity"),
    path("<slug:slug>/v<int:number>/croissant.json", views.version_croissant, name="croissant"),
]
