"""Writes of users and their roles. The role binding is checked by ``User.clean``."""

from __future__ import annotations

from core.services import validated_save

from .models import User


def user_save(*, user: User, actor=None) -> User:
    """Validate the user (its role binding included) and save it."""
    return validated_save(user, actor=actor)
