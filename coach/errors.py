"""Errors a user can cause or fix; each carries one sentence and an exit code.

An error raised with a ``key`` has its sentence in both languages
(the ``errors`` domain of ``coach.catalogue``, ``str.format`` fields), so the CLI and
the UI can show it in the user's language: ``exc.text("zh")``. ``str(exc)`` is the
English sentence. A value that is itself a keyed error (the reason a file cannot
be read) is rendered in the same language. Errors raised with a plain sentence
are English only.
"""

from __future__ import annotations

import errno
import os
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.language import Language
    from coach.settings import Settings


def error_text(lang: Language, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang``, with keyed errors among ``values`` rendered
    in ``lang`` too."""
    shown = {k: v.text(lang) if isinstance(v, CoachError) else v for k, v in values.items()}
    from coach.catalogue import catalogue

    return catalogue("errors").text(key, lang, **shown)


class CoachError(Exception):
    """Base for errors shown to the user as one sentence, never a traceback."""

    exit_code = 1

    def __init__(self, message: str | None = None, *, key: str | None = None, **values: object):
        if message is None:
            if key is None:
                raise TypeError("a CoachError needs a message or a key")
            message = error_text("en", key, **values)
        super().__init__(message)
        self.key, self.values = key, values

    def text(self, lang: Language) -> str:
        """The sentence in ``lang`` (English when it was raised without a key)."""
        if self.key is None:
            return str(self)
        return error_text(lang, self.key, **self.values)


class BadInput(CoachError):
    """The input (a file, an answer, a flag) cannot be used."""

    exit_code = 2


class ServiceUnavailable(CoachError):
    """Something outside the coach (model endpoint, Chroma server) did not answer."""

    exit_code = 3


def check_question(question: str, settings: Settings) -> str:
    """``question`` when it is within ``settings.max_question_chars``, else BadInput.

    Called where a question enters (search, ask, chat, the UI's chat box) before any
    embedding or tokenising: their cost grows with the length, and a megabyte-long
    question used to keep a core busy for minutes (#18 item 3).
    """
    limit = settings.max_question_chars
    if len(question) > limit:
        raise BadInput(key="question_too_long", n=len(question), limit=limit)
    return question


_OS_REASONS = {
    errno.ENOENT: "no_such_file",
    errno.EISDIR: "is_folder",
    errno.ENOTDIR: "not_a_folder",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
}


def os_reason(exc: OSError, *, writing: bool = False) -> CoachError:
    """Why a file operation failed, as a keyed error (to use as a ``reason`` value)."""
    if writing and exc.errno == errno.ENOENT:
        return CoachError(key="no_such_folder")
    key = _OS_REASONS.get(exc.errno or 0)
    if key is not None:
        return CoachError(key=key)
    return CoachError(key="os_error", reason=exc.strerror or str(exc))


def fault_point(name: str, settings: Settings) -> None:
    """Die here like ``kill -9`` when the ``fault_point`` setting names this point.

    Only the crash tests set it (``COACH_FAULT_POINT=interview.answer_saved``): they
    show that work saved before the crash is finished on resume, not lost.
    """
    if settings.fault_point == name:
        os.kill(os.getpid(), signal.SIGKILL)
