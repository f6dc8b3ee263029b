"""One runner per mode: takes a case and the eval context, returns the output dict
that the metrics read. Runners call the library's real chains."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evals.modes.calibration import run_calibration
from evals.modes.chat import run_chat
from evals.modes.drill import run_drill
from evals.modes.grading import run_grading
from evals.modes.interview import run_interview
from evals.modes.judge import run_judge
from evals.modes.prd import run_prd

if TYPE_CHECKING:
    from evals.runner import ModeRunner

RUNNERS: dict[str, ModeRunner] = {
    "chat": run_chat,
    "judge": run_judge,
    "grading": run_grading,
    "interview": run_interview,
    "prd": run_prd,
    "drill": run_drill,
    "calibration": run_calibration,
}
