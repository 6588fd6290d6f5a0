from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("commitments/", views.commitments, name="commitments"),
    path("commitments/<str:code>/", views.commitment_detail, name="commitment"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<str:code>/chart.svg", views.indicator_chart, name="indicator_chart"),
    path("validation/", views.validation_queue, name="queue"),
    path("validation/<int:pk>/", views.validate, name="validate"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/compare/", views.review_compare, name="compare"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/review.pdf", views.review_pdf, name="review_pdf"),
    path("reviews/<int:pk>/pdf/prepare/", views.review_pdf_prepare, name="review_pdf_prepare"),
    path("reviews/<int:pk>/pdf/status/", views.review_pdf_status, name="review_pdf_status"),
    path("reviews/<int:pk>/review.csv", views.review_csv, name="review_csv"),
    path("reviews/<int:pk>/progress.svg", views.review_chart, name="review_progress_chart"),
    path("reviews/<int:pk>/trend/<str:code>.svg", views.review_chart, name="review_trend_chart"),
]
