"""What the change trail of a school and of a teacher is made of (``core.audit``)."""

from core.audit import history_sources

from .models import School, Teacher


@history_sources(School)
def school_history(school: School) -> list:
    return [School.history.filter(id=school.pk)]


@history_sources(Teacher)
def teacher_history(teacher: Teacher) -> list:
    return [Teacher.history.filter(id=teacher.pk)]
