"""Errors a user can cause or fix; each carries one sentence and an exit code."""

from __future__ import annotations


class CoachError(Exception):
    """Base for errors shown to the user as one sentence, never a traceback."""

    exit_code = 1


class BadInput(CoachError):
    """The input (a file, an answer, a flag) cannot be used."""

    exit_code = 2


class ServiceUnavailable(CoachError):
    """Something outside the coach (model endpoint, Chroma server) did not answer."""

    exit_code = 3
