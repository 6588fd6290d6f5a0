from django.contrib import admin

from .models import Announcement, Comment, CommentReport, ModerationRecord, Tag


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "status", "publish_at"]
    list_filter = ["status", "language"]
    search_fields = ["title"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["announcement", "author", "status", "created_at"]
    list_filter = ["status"]


admin.site.register(Tag)
admin.site.register(CommentReport)
admin.site.register(ModerationRecord)
