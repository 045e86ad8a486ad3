"""Pages of the training records: courses, sessions, attendance and scores (A2f)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kam.core import clock
from kam.core.errors import NOT_FOUND, NotFound
from kam.core.permissions import require_posts
from kam.core.scoping import restrict
from kam.core.types import AuthedRequest
from kam.org.models import User
from kam.playbook import exports, selectors, services
from kam.playbook.forms import AttendanceForm, CourseForm, SessionForm, run
from kam.playbook.models import Course, Topic
from kam.playbook.permissions import EDITORS


@login_required
def training_home(request: AuthedRequest) -> HttpResponse:
    """The courses, the user's own training record (listening tests included), and a new-course form."""
    can_edit = request.user.holds(*EDITORS)
    topics = [(t.slug, t.current.title if t.current else t.slug) for t in selectors.topic_list()]
    form = CourseForm(request.POST or None, topics=topics)
    if request.method == "POST":
        require_posts(request.user, *EDITORS)
        if form.is_valid():
            course = run(form, lambda: services.course_create(actor=request.user, **form.cleaned_data))
            if course is not None:
                messages.success(request, _("The course was created."))
                return redirect("playbook_course", course_id=course.pk)
    context = {
        "courses": selectors.course_list()[:50],
        "record": selectors.training_record(viewer=request.user, person=request.user),
        "form": form if can_edit else None,
        "can_export_team": exports.people_for(request.user).exclude(pk=request.user.pk).exists(),
    }
    return render(request, "playbook/training.html", context)


def _team(viewer: User) -> list[tuple[int, str]]:
    people = restrict(User.objects.filter(is_active=True), viewer, owner=None, department="department")
    return [(u.pk, u.display_name) for u in people.order_by("full_name", "username")[:500]]


@login_required
def course_detail(request: AuthedRequest, course_id: int) -> HttpResponse:
    """A course with its sessions and the attendance the user may see; managers record both."""
    course = selectors.course_get(course_id)
    can_edit = request.user.holds(*EDITORS)
    session_form = SessionForm(prefix="session")
    attendance_form = AttendanceForm(prefix="attendance", trainees=_team(request.user) if can_edit else [])
    if request.method == "POST":
        require_posts(request.user, *EDITORS)
        if "session-starts_at" in request.POST:
            session_form = SessionForm(request.POST, prefix="session")
            created = None
            if session_form.is_valid():
                created = run(
                    session_form,
                    lambda: services.session_create(
                        actor=request.user, course=course, **session_form.cleaned_data
                    ),
                )
            if created is not None:
                messages.success(request, _("The session was added."))
                return redirect("playbook_course", course_id=course.pk)
        else:
            attendance_form = AttendanceForm(request.POST, prefix="attendance", trainees=_team(request.user))
            if attendance_form.is_valid() and _record(request, attendance_form, course):
                messages.success(request, _("The attendance was recorded."))
                return redirect("playbook_course", course_id=course.pk)
    sessions = [
        (session, selectors.attendance_list(viewer=request.user, session=session))
        for session in course.sessions.all()
    ]
    context = {
        "course": course,
        "topics": Topic.objects.filter(pk__in=[t.pk for t in course.topics.all()]).select_related("current"),
        "sessions": sessions,
        "can_edit": can_edit,
        "session_form": session_form,
        "attendance_form": attendance_form,
    }
    return render(request, "playbook/course.html", context)


def _record(request: AuthedRequest, form: AttendanceForm, course: Course) -> object:
    values = dict(form.cleaned_data)
    session_id = request.POST.get("session_id", "")
    session = selectors.session_get(int(session_id) if session_id.isdigit() else 0)
    if session.course_id != course.pk:
        raise NotFound(NOT_FOUND)
    trainee = User.objects.get(pk=values.pop("user_id"))
    return run(
        form,
        lambda: services.attendance_record(actor=request.user, session=session, trainee=trainee, **values),
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def training_export(request: AuthedRequest) -> FileResponse:
    """Download the training records and listening-test results of the people the user sees (A2f).

    ``?person=<id>`` limits it to one person (404 for someone the user may not see).
    """
    person = request.GET.get("person", "")
    person_id = int(person) if person.isdigit() else None
    if person_id is not None and not exports.people_for(request.user).filter(pk=person_id).exists():
        raise NotFound(NOT_FOUND)
    stamp = clock.local_today().isoformat()
    name = f"training-{stamp}.xlsx" if person_id is None else f"training-{person_id}-{stamp}.xlsx"
    return FileResponse(
        exports.training_xlsx(request.user, person_id=person_id),
        as_attachment=True,
        filename=name,
        content_type=XLSX,
    )
