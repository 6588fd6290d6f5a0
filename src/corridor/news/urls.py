"""Pages of the news module."""

from django.urls import path

from . import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("moderation/", views.moderation, name="moderation"),
    path("comments/<int:pk>/report/", views.report, name="report"),
    path("comments/<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/delete/", views.delete, name="delete"),
    path("<slug:slug>/comment/", views.comment, name="comment"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
]
