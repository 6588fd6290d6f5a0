"""News pages. Thin: parse input, call a service or query, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from corridor.core.forms import apply_service_errors

from . import access, queries, services
from .forms import AnnouncementForm, CommentForm, DeleteForm, FilterForm, ModerateForm, ReportForm
from .rendering import render_markdown

PAGE_SIZE = 10


def index(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.announcements(
        user=request.user,
        tag=filters.get("tag") or "",
        language=filters.get("language") or "",
        include_unpublished=access.is_secretariat(request.user),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "querystring": query.urlencode(),
        "filtered": any(filters.values()),
        "tags": queries.tags_in_use(),
        "can_write": access.is_secretariat(request.user),
    }
    return render(request, "news/index.html", context)


def _detail_context(request, post, comment_form=None):
    return {
        "post": post,
        "body_html": render_markdown(post.body),
        "comments": list(queries.comments_for(request.user, post)),
        "comment_form": comment_form or CommentForm(),
        "following": queries.is_following(request.user, post),
        "can_write": access.is_secretariat(request.user),
        "can_change": access.can_change_announcement(request.user, post),
        "report_form": ReportForm(),
    }


def detail(request, slug):
    post = queries.get_announcement(request.user, slug=slug)
    return render(request, "news/detail.html", _detail_context(request, post))


def _save(request, post=None):
    access.require_secretariat(request.user)
    initial = {}
    if post is not None:
        initial = {
            "title": post.title,
            "summary": post.summary,
            "body": post.body,
            "tags": ", ".join(t.name for t in post.tags.all()),
            "language": post.language,
            "status": post.status,
            "publish_at": post.publish_at,
        }
    form = AnnouncementForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("image"):
            data.pop("image", None)
        try:
            if post is None:
                post = services.create_announcement(by=request.user, **data)
            else:
                post = services.update_announcement(announcement=post, by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The announcement is saved."))
            return redirect(post)
    return render(request, "news/form.html", {"form": form, "post": post, "creating": post is None})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    return _save(request)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, slug):
    access.require_secretariat(request.user)
    post = queries.get_announcement(request.user, slug=slug)
    access.require_change_announcement(request.user, post)
    return _save(request, post)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, slug):
    """Ask, then delete: a POST without the confirmation box ticked changes nothing."""
    access.require_secretariat(request.user)
    post = queries.get_announcement(request.user, slug=slug)
    access.require_change_announcement(request.user, post)
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        title = post.title
        services.delete_announcement(announcement=post, by=request.user)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("news:index")
    status = 400 if request.method == "POST" else 200
    comments = post.comments.count()
    return render(
        request, "news/delete.html", {"post": post, "form": form, "comments": comments}, status=status
    )


@login_required
@require_POST
def comment(request, slug):
    post = queries.get_announcement(request.user, slug=slug)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            new = services.add_comment(announcement=post, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if new.status == "pending":
                messages.info(request, _("Thank you. Your comment will appear once a moderator approves it."))
            else:
                messages.success(request, _("Your comment is posted."))
            return redirect(post.get_absolute_url() + f"#comment-{new.pk}")
    return render(request, "news/detail.html", _detail_context(request, post, form), status=400)


@login_required
@require_POST
def follow(request, slug):
    post = queries.get_announcement(request.user, slug=slug)
    on = request.POST.get("on", "1") == "1"
    services.follow(announcement=post, by=request.user, on=on)
    if on:
        messages.success(request, _("You will be notified of new comments."))
    else:
        messages.success(request, _("You no longer follow this announcement."))
    return redirect(post)


@login_required
@require_POST
def report(request, pk):
    comment = queries.get_comment(request.user, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_comment(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Thank you. The secretariat will review this comment."))
    else:
        messages.error(request, _("Say why you report this comment."))
    return redirect(comment.announcement.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def moderation(request):
    queue = list(queries.moderation_queue(request.user))
    context = {"queue": queue, "log": queries.moderation_log(request.user), "form": ModerateForm()}
    return render(request, "news/moderation.html", context)


@login_required
@require_POST
def moderate(request, pk):
    access.require_secretariat(request.user)
    comment = queries.get_comment(request.user, pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        try:
            services.moderate(comment=comment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The comment is moderated."))
    else:
        messages.error(request, _("Choose an action."))
    return redirect("news:moderation")
