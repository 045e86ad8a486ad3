"""The training export: training records and listening-test results by person, as .xlsx (A2f, D9-test).

Two sheets, with Chinese headers like the company's other forms: 培训记录 (one row per course attendance)
and 聆听测试 (one row per sitting, with the points of each of the 20 questions, question 6 reversed).
People are those whose records the viewer may see, sorted by department and name.
"""

from __future__ import annotations

import io
from typing import Any

from django.db.models import Q, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kam.core import clock
from kam.core.scoping import restrict
from kam.org.models import User
from kam.playbook import rules
from kam.playbook.models import Attendance, AttendanceStatus, ListeningResult

TRAINING_HEADERS = ["部门", "姓名", "工号", "课程", "培训时间", "地点", "讲师", "出勤", "成绩", "备注"]
LISTENING_HEADERS = ["部门", "姓名", "工号", "测试时间", "总分", "等级", *[f"第{n}题" for n in range(1, 21)]]
STATUS_ZH = {
    AttendanceStatus.PRESENT.value: "出勤",
    AttendanceStatus.ABSENT.value: "缺勤",
    AttendanceStatus.EXCUSED.value: "请假",
}


def people_for(viewer: User) -> QuerySet[User]:
    """Everyone whose training record the viewer may see: themselves, their department or region."""
    team = restrict(User.objects.filter(is_active=True), viewer, owner=None, department="department")
    people = User.objects.filter(Q(pk__in=team.values("pk")) | Q(pk=viewer.pk))
    return people.select_related("department").order_by("department__name", "full_name", "username")


def _person_cells(person: User) -> list[Any]:
    department = person.department.name if person.department is not None else ""
    return [department, person.display_name, person.username]


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list[Any]], first: bool) -> None:
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append(row)
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header)) * 2, *(len(str(r[index - 1] or "")) for r in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 40)
    sheet.freeze_panes = "D2"


def training_xlsx(viewer: User, *, person_id: int | None = None) -> io.BytesIO:
    """Build the workbook for the people the viewer sees (or one of them), in two queries per sheet."""
    people = people_for(viewer)
    if person_id is not None:
        people = people.filter(pk=person_id)
    by_id = {p.pk: p for p in people}
    attendance = (
        Attendance.objects.filter(trainee_id__in=list(by_id))
        .select_related("session__course")
        .order_by("session__starts_at", "id")
    )
    order = {pk: index for index, pk in enumerate(by_id)}
    training: list[tuple[int, Any, list[Any]]] = []
    for row in attendance:
        person = by_id[row.trainee_id]
        session = row.session
        training.append(
            (
                order[row.trainee_id],
                session.starts_at,
                [
                    *_person_cells(person),
                    session.course.title,
                    clock.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
                    session.place,
                    session.trainer,
                    STATUS_ZH.get(row.status, row.status),
                    float(row.score) if row.score is not None else None,
                    row.remark,
                ],
            )
        )
    results = ListeningResult.objects.filter(user_id__in=list(by_id)).order_by("taken_at", "id")
    listening = [
        (
            order[result.user_id],
            result.taken_at,
            [
                *_person_cells(by_id[result.user_id]),
                clock.localtime(result.taken_at).strftime("%Y-%m-%d %H:%M"),
                result.total,
                result.band_label_zh,
                *rules.points_by_question(list(result.answers)),
            ],
        )
        for result in results
    ]
    training_rows = [row for *_key, row in sorted(training, key=lambda t: (t[0], t[1]))]
    listening_rows = [row for *_key, row in sorted(listening, key=lambda t: (t[0], t[1]))]
    workbook = Workbook()
    _sheet(workbook, "培训记录", TRAINING_HEADERS, training_rows, first=True)
    _sheet(workbook, "聆听测试", LISTENING_HEADERS, listening_rows, first=False)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
