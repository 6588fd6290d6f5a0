"""Atom feeds: every post, and one per tag."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import queries
from .models import Tag
from .rendering import render_markdown

FEED_SIZE = 30


class LatestFeed(Feed):
    feed_type = Atom1Feed
    title = _("Corridor news")
    subtitle = _("Announcements of the Malaysia–Kenya digital trade partnership")

    def link(self):
        return reverse("news:index")

    def items(self):
        return queries.announcements()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author.full_name or _("Corridor secretariat")

    def item_categories(self, item):
        return [t.name for t in item.tags.all()]


class TagFeed(LatestFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return _("Corridor news: %(tag)s") % {"tag": obj.name}

    def link(self, obj):
        return reverse("news:index") + f"?tag={obj.slug}"

    def items(self, obj):
        return queries.announcements(tag=obj.slug)[:FEED_SIZE]
