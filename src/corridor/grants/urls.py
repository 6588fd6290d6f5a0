from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("", views.calls, name="calls"),
    path("new/", views.call_new, name="call_new"),
    path("mine/", views.my_proposals, name="my_proposals"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/profile/", views.reviewer_profile, name="reviewer_profile"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/review/", views.review, name="review"),
    path("proposals/<int:pk>/bid/", views.bid, name="bid"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("proposals/<int:pk>/letter/", views.letter, name="letter"),
    path("proposals/<int:pk>/letter.pdf", views.letter_pdf, name="letter_pdf"),
    path("proposals/<int:pk>/documents/<int:attachment>/", views.attachment, name="attachment"),
    path("proposals/<int:pk>/<slug:action>/", views.proposal_action, name="proposal_action"),
    path("milestones/<int:pk>/<slug:action>/", views.milestone_action, name="milestone_action"),
    path("<slug:slug>/", views.call_detail, name="call"),
    path("<slug:slug>/apply/", views.proposal_new, name="proposal_new"),
    path("<slug:slug>/assignment/", views.assignment, name="assignment"),
    path("<slug:slug>/assignment/<int:pk>/rule/", views.pair_rule, name="pair_rule"),
    path("<slug:slug>/reviewers/", views.reviewers, name="reviewers"),
    path("<slug:slug>/assignment/runs/<int:pk>/", views.run_progress, name="run_progress"),
    path("<slug:slug>/scores/", views.scores, name="scores"),
]
