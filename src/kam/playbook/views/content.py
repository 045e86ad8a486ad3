"""Pages of the playbook's reference content, the listening self-test, call scripts and the question
coach (D3–D9, D9-test, D10c–d, D18–D26, E1)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kam.core.errors import ApplicationError
from kam.core.permissions import require_posts
from kam.core.types import AuthedRequest
from kam.playbook import rules, selectors, services
from kam.playbook.forms import ANSWER_CHOICES, TopicVersionForm, run
from kam.playbook.models import Chapter
from kam.playbook.permissions import EDITORS, TEAM_VIEWERS


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The playbook's index by chapter, with a search over both languages (htmx: results only)."""
    q = request.GET.get("q", "").strip()[:100]
    chapter = request.GET.get("chapter") or None
    topics = selectors.topic_list(q=q or None, chapter=chapter if chapter in Chapter.values else None)
    context = {"q": q, "chapters": selectors.chapters_with_topics(topics), "searching": bool(q)}
    if request.htmx:
        return render(request, "playbook/_topic_results.html", context)
    context["can_edit"] = request.user.holds(*EDITORS)
    return render(request, "playbook/home.html", context)


@login_required
def topic_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    """One topic in the reader's language; ``?version=n`` shows an earlier version."""
    topic = selectors.topic_get(slug)
    version = topic.current
    number = request.GET.get("version", "")
    if number.isdigit():
        version = selectors.topic_version_get(topic, int(number))
    assert version is not None
    context = {
        "topic": topic,
        "version": version,
        "view": selectors.version_view(version),
        "is_current": version.pk == topic.current_id,
        "can_edit": request.user.holds(*EDITORS),
    }
    return render(request, "playbook/topic.html", context)


@login_required
def topic_versions(request: AuthedRequest, slug: str) -> HttpResponse:
    topic = selectors.topic_get(slug)
    return render(
        request, "playbook/versions.html", {"topic": topic, "versions": selectors.topic_versions(topic)}
    )


@login_required
def topic_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    """Write the next version of a topic (KA managers, administrators); the old one is kept."""
    require_posts(request.user, *EDITORS)
    topic = selectors.topic_get(slug)
    current = topic.current
    assert current is not None
    initial = {
        "title_zh": current.title_zh,
        "title_en": current.title_en,
        "intro_zh": current.intro_zh,
        "intro_en": current.intro_en,
        "items": json.dumps(current.items, ensure_ascii=False, indent=1),
    }
    form = TopicVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = run(
            form, lambda: services.topic_version_create(actor=request.user, topic=topic, **form.cleaned_data)
        )
        if version is not None:
            messages.success(request, _("Version %(number)d saved.") % {"number": version.number})
            return redirect("playbook_topic", slug=slug)
    return render(request, "playbook/topic_edit.html", {"topic": topic, "form": form})


@login_required
def listening_test(request: AuthedRequest) -> HttpResponse:
    """Take the listening self-test (D9-test); the result is kept and shown in the history."""
    questions = selectors.listening_questions()
    chosen: dict[int, str] = {}
    error = None
    if request.method == "POST":
        chosen = {q["number"]: request.POST.get(f"q{q['number']}", "") for q in questions}
        answers = [int(v) if v.isdigit() else (v or None) for v in chosen.values()]
        try:
            result = services.listening_submit(actor=request.user, answers=answers)
        except ApplicationError as refused:
            error = refused
        else:
            return redirect(f"{reverse('playbook_test_history')}?result={result.pk}")
    context = {
        "questions": questions,
        "choices": ANSWER_CHOICES,
        "chosen": chosen,
        "error": error,
        "error_number": int(error.field.split(".")[1])
        if error and error.field and "." in error.field
        else None,
    }
    return render(request, "playbook/test.html", context, status=422 if error else 200)


@login_required
def listening_history(request: AuthedRequest) -> HttpResponse:
    """The person's results over time, newest first, with the verdict and advice of each."""
    results = Paginator(selectors.listening_history(request.user), 20).get_page(request.GET.get("page"))
    highlight = request.GET.get("result", "")
    return render(
        request,
        "playbook/test_history.html",
        {
            "page": results,
            "highlight": int(highlight) if highlight.isdigit() else None,
            "max_total": rules.MAX_TOTAL,
            "can_see_team": request.user.holds(*TEAM_VIEWERS),
        },
    )


@login_required
def listening_team(request: AuthedRequest) -> HttpResponse:
    """The team's averages by question, for managers (D9-test)."""
    return render(request, "playbook/test_team.html", {"team": selectors.listening_team(request.user)})


@login_required
def script_list(request: AuthedRequest) -> HttpResponse:
    return render(request, "playbook/scripts.html", {"scripts": selectors.call_script_list()})


@login_required
def script_detail(request: AuthedRequest, code: str) -> HttpResponse:
    return render(request, "playbook/script.html", {"script": selectors.call_script(code)})


@login_required
def coach(request: AuthedRequest) -> HttpResponse:
    """Suggest question types with examples for a situation (D4)."""
    situation = request.GET.get("situation", "")
    types = selectors.question_coach(situation) if situation in selectors.SITUATIONS else []
    return render(
        request,
        "playbook/coach.html",
        {"situations": selectors.SITUATIONS, "situation": situation, "types": types},
    )
