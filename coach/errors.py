"""Errors a user can cause or fix; each carries one sentence and an exit code."""

from __future__ import annotations

import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.settings import Settings


class CoachError(Exception):
    """Base for errors shown to the user as one sentence, never a traceback."""

    exit_code = 1


class BadInput(CoachError):
    """The input (a file, an answer, a flag) cannot be used."""

    exit_code = 2


class ServiceUnavailable(CoachError):
    """Something outside the coach (model endpoint, Chroma server) did not answer."""

    exit_code = 3


def fault_point(name: str, settings: Settings) -> None:
    """Die here like ``kill -9`` when the ``fault_point`` setting names this point.

    Only the crash tests set it (``COACH_FAULT_POINT=interview.answer_saved``): they
    show that work saved before the crash is finished on resume, not lost.
    """
    if settings.fault_point == name:
        os.kill(os.getpid(), signal.SIGKILL)
