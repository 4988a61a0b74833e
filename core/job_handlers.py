"""The registry of job handlers: what each kind of job runs, and how its page speaks of it.

An app registers its handlers at start-up (from a module its ``AppConfig.ready`` imports)::

    @job_handler("spreadsheets.export", error_message="导出时发生意外错误，请联系管理员。")
    def run_export(job, progress): ...

A handler receives the ``Job`` and a ``progress(percent, message)`` writer. It sets
``job.summary`` (and ``job.file`` / ``job.file_name`` when it produces a file), and may set the
final ``job.status`` and ``job.message``; ``core.jobs.job_run`` saves them. Raise
``JobFailed("…")`` to end the job as failed with a message the user can act on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Progress = Callable[[int, str], None]
Run = Callable[[Any, Progress], None]

DEFAULT_ERROR_MESSAGE = "处理时发生意外错误，请联系管理员。"


class JobFailed(Exception):
    """A job that cannot finish, with the Chinese message shown on its page."""


@dataclass(frozen=True)
class JobHandler:
    kind: str
    run: Run
    # The job's own page (an import's preview and confirmation); default: the generic job page.
    page_url: Callable[[Any], str] | None = None
    # A better status label than the status's own (e.g. a check that found problems).
    status_label: Callable[[Any], str] | None = None
    # Whether ``job.file`` is a result to offer for download (an export), not an input.
    offers_file: bool = False
    # Shown when the handler raises something other than JobFailed.
    error_message: str = DEFAULT_ERROR_MESSAGE


_handlers: dict[str, JobHandler] = {}


def job_handler(kind: str, **options) -> Callable[[Run], Run]:
    """Register ``run`` as the handler of jobs of ``kind``."""

    def register(run: Run) -> Run:
        current = _handlers.get(kind)
        if current is not None and current.run is not run:
            raise ValueError(f"job kind {kind!r} already has a handler: {current.run!r}")
        _handlers[kind] = JobHandler(kind=kind, run=run, **options)
        return run

    return register


def handler_of(kind: str) -> JobHandler | None:
    return _handlers.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_handlers)
