from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("postings/<int:pk>/", views.posting_detail, name="posting"),
    path("postings/<int:pk>/edit/", views.posting_edit, name="posting_edit"),
    path("postings/<int:pk>/withdraw/", views.posting_withdraw, name="posting_withdraw"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/verification/", views.verification, name="verification"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/postings/new/", views.posting_create, name="posting_create"),
    path("<slug:slug>/recommendations/", views.recommendations, name="recommendations"),
    path(
        "<slug:slug>/recommendations/<slug:partner_slug>/feedback/",
        views.recommendation_feedback,
        name="recommendation_feedback",
    ),
]
