"""What a role may do with surveys (visibility is ``surveys.visibility``).

The bureau builds questionnaires, opens and closes rounds and prints the code sheets of its
district. Leaders read the results of their schools and may print their schools' link sheets
(without the codes). A platform operator, bound to no district, reads but opens no round.
"""

from __future__ import annotations

from accounts.access import is_bureau


def can_manage_surveys(user) -> bool:
    return is_bureau(user)
