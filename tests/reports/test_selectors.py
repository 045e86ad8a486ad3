"""Each dashboard's figures on the small fixed dataset, against hand-computed values, and its query count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kam.core.errors import Forbidden, NotFound
from kam.reports import boards, departments, selectors
from kam.reports.selectors import Period
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
FEB = Period(date(2026, 2, 1), date(2026, 2, 20))


def test_specialist_sees_their_own_plan_against_actuals(dataset: dict[str, Any]) -> None:
    board = selectors.specialist_board(viewer=dataset["spec1"], period=FEB)
    plan = {row["code"]: (row["plan"], row["actual"], row["rate"]) for row in board["plan"]}
    # spec1 visited 3 times in February (one January visit is not counted), developed a1, made one deal.
    assert plan == {
        "visits": (10, 3, Decimal("30.0")),
        "expansion": (2, 1, Decimal("50.0")),
        "deals": (1, 1, Decimal("100.0")),
    }
    assert board["plan_status"] == "approved"
    assert [a["place"] for a in board["appointments"]] == ["公司"]  # today only, not tomorrow's
    assert [v["code"] for v in board["violations"]] == ["missing_sign_in"]  # the accepted one is not standing


def test_specialist_without_plan_has_no_completion(dataset: dict[str, Any]) -> None:
    board = selectors.specialist_board(viewer=dataset["spec2"], period=FEB)
    assert {row["code"]: row["plan"] for row in board["plan"]} == {
        "visits": None,
        "expansion": None,
        "deals": None,
    }
    assert {row["code"]: row["actual"] for row in board["plan"]} == {"visits": 1, "expansion": 0, "deals": 1}
    assert board["plan_status"] is None


def test_manager_board_counts_the_department_only(dataset: dict[str, Any]) -> None:
    board = selectors.manager_board(viewer=dataset["manager1"], period=FEB)
    visits = board["visits"]
    assert visits["total"] == 4
    assert visits["by_plan"] == {"A": 2, "B": 1, "C": 1}
    assert visits["by_result"] == {"A": 1, "B": 1, "C": 1, "D": 0, "E": 1}
    assert visits["matrix"]["A"] == {"A": 1, "B": 1, "C": 0, "D": 0, "E": 0}
    assert [(s["stage"], s["value"]) for s in board["funnel"]] == [
        ("first_visits", 2),
        ("promising", 2),
        ("deal_visits", 1),
        ("deals", 2),
    ]
    assert board["deals"] == {
        "count": 2,
        "amount": Decimal("15000.50"),
        "year_count": 3,
        "year_amount": Decimal("18000.50"),
    }
    targets = {r["code"]: (r["target"], r["actual"], r["rate"]) for r in board["targets"]["rows"]}
    assert targets == {
        "visits": (100, 5, Decimal("5.0")),
        "expansions": (10, 2, Decimal("20.0")),
        "deals": (12, 3, Decimal("25.0")),
    }
    ageing = board["ageing"]
    assert ageing["as_of"] == date(2026, 2, 20)
    assert ageing["buckets"] == {
        "current": Decimal("1000.00"),
        "1-30": Decimal("1500.00"),
        "31-60": Decimal("0.00"),
        "61-90": Decimal("3000.00"),
        "91-180": Decimal("0.00"),
        "over-180": Decimal("0.00"),
    }
    assert ageing["total"] == Decimal("5500.00")
    assert board["violations"] == {"late_sign_in": 1, "missing_sign_in": 2}
    assert board["service"] == {"sla_breaches": 1, "repeat_complaints": 0}
    assert board["plans"] == {"2026-02": {"approved": 1}, "2026-03": {"submitted": 1}}
    assert sorted(c["name"] for c in board["scorecards"]) == sorted(
        [dataset["spec1"].display_name, dataset["spec2"].display_name]
    )


def test_regional_manager_sees_the_region_but_not_another(dataset: dict[str, Any]) -> None:
    board = selectors.manager_board(viewer=dataset["regional"], period=FEB)
    assert board["visits"]["total"] == 5  # ka1's 4 and ka2's 1; ka3 is another region
    assert board["deals"]["count"] == 3
    assert board["ageing"]["total"] == Decimal("9500.00")


def test_service_board_compliance(dataset: dict[str, Any]) -> None:
    cs = UserFactory(username="cs", department=dataset["ka1"], posts=["cs_manager"])
    board = selectors.service_board(viewer=cs, period=FEB)
    # February requests: ka1 (met, breached), ka2 (met); the January one is outside the month.
    assert board["compliance"] == {"met": 2, "breached": 1, "rate": Decimal("66.7")}
    assert board["by_kind"] == [{"kind": "complaint", "met": 2, "breached": 1, "rate": Decimal("66.7")}]
    assert {row["code"]: (row["met"], row["breached"]) for row in board["by_milestone"]} == {
        "step0": (2, 0),
        "step1": (0, 1),
    }
    assert len(board["by_department"]) == 2


def test_discipline_board_by_person_and_rule(dataset: dict[str, Any]) -> None:
    inspector = UserFactory(username="insp", department=dataset["ka1"], posts=["inspector"])
    board = selectors.discipline_board(viewer=inspector, period=FEB)
    assert board["total"] == 4
    assert board["by_code"] == {"missing_sign_in": 2, "late_sign_in": 1, "outside_territory": 1}
    assert board["by_status"] == {"accepted": 1, "open": 3}
    assert board["people"][0]["name"] == dataset["spec1"].display_name
    assert board["people"][0]["codes"] == {"late_sign_in": 1, "missing_sign_in": 1}


def test_company_board_department_results(dataset: dict[str, Any]) -> None:
    gm = UserFactory(username="gm", department=None, posts=["general_manager"])
    board = departments.company_board(viewer=gm, period=FEB)
    rows = {r["department"]: r for r in board["departments"]}
    assert set(rows) == {"大客户一部", "大客户二部", "大客户三部"}
    ka1 = rows["大客户一部"]
    assert ka1 == {
        **ka1,
        "specialists": 2,
        "accounts": 3,
        "accounts_new": 3,
        "accounts_developed": 1,
        "accounts_terminated": 1,
        "visits": 4,
        "deals": 2,
        "deal_amount": Decimal("15000.50"),
        "receivables_due": Decimal("3000.00"),
        "collected": Decimal("500.00"),
        "outstanding": Decimal("5500.00"),
        "sla_met": 1,
        "sla_breached": 1,
        "sla_rate": Decimal("50.0"),
        "violations": 3,
        "plans_submitted": 1,
    }
    assert rows["大客户三部"]["sla_breached"] == 0  # its breach was in January
    assert board["totals"]["deals"] == 4
    assert board["totals"]["deal_amount"] == Decimal("30000.50")
    assert board["totals"]["visits"] == 6


def test_finance_sees_every_department(dataset: dict[str, Any]) -> None:
    finance = UserFactory(username="fin", department=dataset["ka1"], posts=["finance"])
    assert len(departments.company_board(viewer=finance, period=FEB)["departments"]) == 3


def test_region_board_side_by_side_and_year_to_date(dataset: dict[str, Any]) -> None:
    board = departments.region_board(viewer=dataset["regional"], period=FEB)
    assert [r["department"] for r in board["departments"]] == ["大客户一部", "大客户二部"]
    ytd = {r["department"]: r for r in board["year_to_date"]}
    assert ytd["大客户一部"]["deals"] == 3
    assert ytd["大客户一部"]["visits"] == 5


def test_board_check_refuses_other_posts_boards(dataset: dict[str, Any]) -> None:
    with pytest.raises(Forbidden):
        boards.board_figures(viewer=dataset["spec1"], board="company", period=FEB)
    with pytest.raises(NotFound):
        boards.board_figures(viewer=dataset["spec1"], board="nope", period=FEB)


def test_department_get_is_cut_to_the_viewer(dataset: dict[str, Any]) -> None:
    assert selectors.department_get(viewer=dataset["manager1"], department_id=dataset["ka1"].pk)
    with pytest.raises(NotFound):
        selectors.department_get(viewer=dataset["manager1"], department_id=dataset["ka2"].pk)


@pytest.mark.parametrize(
    ("who", "board", "most"),
    [
        # With the panels other apps add: needs due (2 queries), hospitality budget (1), directives (2).
        # The KA manager's visits: a look for their own visits outside their departments (2), and the
        # year's count from the kept month counts (kept months, their sum, the current month: 3).
        ("spec1", "specialist", 9),
        ("manager1", "ka_manager", 36),
        ("regional", "region", 27),
    ],
)
def test_dashboards_take_a_few_queries(
    dataset: dict[str, Any], django_assert_max_num_queries: Any, who: str, board: str, most: int
) -> None:
    user = dataset[who]
    boards.board_figures(viewer=user, board=board, period=FEB)  # warm caches (posts, department tree)
    with django_assert_max_num_queries(most):
        boards.board_figures(viewer=user, board=board, period=FEB)


def test_query_count_does_not_grow_with_the_data(
    dataset: dict[str, Any], django_assert_num_queries: Any
) -> None:
    """More visits, deals, violations and specialists in a department cost no extra query."""
    from kam.visits.models import Violation, Visit
    from tests.factories_accounts import DealFactory

    manager = dataset["manager1"]
    boards.board_figures(viewer=manager, board="ka_manager", period=FEB)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        boards.board_figures(viewer=manager, board="ka_manager", period=FEB)
    for day in range(1, 28):
        Visit.objects.create(
            user=dataset["spec2"],
            department=dataset["ka1"],
            account=dataset["a2"],
            occurred_at=f"2026-02-{day:02d}T09:00:00+08:00",
            plan_code="A",
            result_code="C",
        )
        DealFactory(
            account=dataset["a2"],
            specialist=dataset["spec2"],
            occurred_at=f"2026-02-{day:02d}T11:00:00+08:00",
        )
        Violation.objects.create(
            user=dataset["spec2"],
            department=dataset["ka1"],
            day=date(2026, 2, day),
            code="late_sign_in",
            subject=str(day),
        )
    for number in range(5):  # five more specialists: their scorecards are created by the next call
        UserFactory(username=f"extra{number}", department=dataset["ka1"], posts=["specialist"])
    boards.board_figures(viewer=manager, board="ka_manager", period=FEB)
    with django_assert_num_queries(len(before.captured_queries)):
        boards.board_figures(viewer=manager, board="ka_manager", period=FEB)
