"""Who may do what in the playbook (A2f, D3–D9, E1); every signed-in member of staff may read.

- the reference content, the product library and the training courses are kept by KA managers and
  the system administrator;
- pre-visit kits and Franklin sheets are the tools of the people who visit (specialists and their
  manager), each seen by its owner and the owner's managers;
- the team's listening averages are for the managers of people who take calls or visit.
"""

from __future__ import annotations

EDITORS = ("ka_manager", "admin")
FIELD = ("specialist", "ka_manager", "admin")
TEAM_VIEWERS = ("ka_manager", "cs_manager", "regional_manager", "general_manager", "admin")
