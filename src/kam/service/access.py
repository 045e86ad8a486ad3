"""Who works the service desk and how far each post sees service requests (D10, A1)."""

from __future__ import annotations

from collections.abc import Mapping

from kam.core.scoping import Reach

DESK_POSTS = frozenset({"call_centre", "cs_duty", "cs_manager", "service_director", "admin"})
"""The posts that take calls and open requests (客服中心, 客服值班)."""
EVENT_POSTS = DESK_POSTS | {"resource_centre", "department_staff", "ka_manager", "regional_manager"}
"""The posts that record what happened to a request they can see."""
SUPERVISOR_POSTS = frozenset(
    {
        "cs_manager",
        "service_director",
        "inspector",
        "general_manager",
        "regional_manager",
        "ka_manager",
        "admin",
    }
)
"""The posts that see breaches, compliance and review call quality."""

SERVICE_REACH: Mapping[str, Reach] = {
    "admin": Reach.ALL,
    "general_manager": Reach.ALL,
    "inspector": Reach.ALL,
    "service_director": Reach.ALL,
    "cs_manager": Reach.ALL,
    "cs_duty": Reach.ALL,
    "call_centre": Reach.ALL,
    "resource_centre": Reach.ALL,
    "regional_manager": Reach.REGION,
    "ka_manager": Reach.DEPARTMENT,
    "department_staff": Reach.DEPARTMENT,
    "specialist": Reach.OWN,
}
"""The desk sees every request; departments see those they are responsible for; others their own."""
PAGE_POSTS = EVENT_POSTS | SUPERVISOR_POSTS
"""The posts that open the service desk's pages (the queue and the department inbox)."""
