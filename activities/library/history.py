"""What the change trail of a library entry is made of (``core.audit``): its own records."""

from core.audit import history_sources

from .models import Resource


@history_sources(Resource)
def resource_history(resource: Resource) -> list:
    return [Resource.history.filter(id=resource.pk)]
