from django.urls import path

from . import views

app_name = "matchmaking"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/organise/", views.organise, name="organise"),
    path("<slug:slug>/organise/sessions/<int:pk>/delete/", views.session_delete, name="session_delete"),
    path("<slug:slug>/organise/registrations/", views.organiser_registrations, name="registrations"),
    path("<slug:slug>/organise/requests/", views.organiser_requests, name="organiser_requests"),
    path("<slug:slug>/organise/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/organise/schedule/runs/<int:pk>/", views.run_progress, name="run_progress"),
    path("<slug:slug>/organise/master/", views.master, name="master"),
    path("<slug:slug>/organise/master.csv", views.master_csv, name="master_csv"),
    path("<slug:slug>/organise/master.xlsx", views.master_xlsx, name="master_xlsx"),
    path("<slug:slug>/organise/signs/", views.table_signs, name="signs"),
    path("<slug:slug>/organise/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/organise/stats/", views.stats, name="stats"),
    path("<slug:slug>/organise/stats.csv", views.stats_csv, name="stats_csv"),
    path("<slug:slug>/organise/stats/<str:chart>.svg", views.stats_chart, name="stats_chart"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/participants/", views.catalogue, name="catalogue"),
    path("<slug:slug>/participants/<int:pk>/request/", views.request_create, name="request_create"),
    path("<slug:slug>/requests/", views.my_requests, name="requests"),
    path("<slug:slug>/requests/<int:pk>/<str:action>/", views.request_action, name="request_action"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", views.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/meetings/<int:pk>/outcome/", views.outcome, name="outcome"),
]
