"""The old name of ``purge_job_files`` (core), kept so existing cron lines keep working."""

from core.management.commands.purge_job_files import Command  # noqa: F401
