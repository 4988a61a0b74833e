from accounts import access


def navigation(request) -> dict:
    """Menu flags for the base layout; the views themselves still check access."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {
        "nav_can_manage_rosters": access.can_manage_rosters(user),
        "nav_can_manage_users": access.can_manage_users(user),
        "nav_can_read_access_log": access.can_read_access_log(user),
        "nav_second_factor": access.needs_second_factor(user),
    }
