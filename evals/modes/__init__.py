"""One runner per mode: takes a case and the eval context, returns the output dict
that the metrics read. Runners call the library's real chains."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evals.modes.chat import run_chat
from evals.modes.judge import run_judge

if TYPE_CHECKING:
    from evals.runner import ModeRunner

RUNNERS: dict[str, ModeRunner] = {
    "chat": run_chat,
    "judge": run_judge,
}
