"""Product design drills: a case worked through nine stages, like a good interviewer
would, with per-stage scoring and feedback, a scorecard and a next-drill suggestion.

The library (``coach/data/drills``, ``stages.toml``) is data; ``DrillRun`` saves
every answer, score and feedback as it happens so that a run can be resumed.
"""

from coach.drills.answers import parse_answers, read_answers
from coach.drills.export import feedback_markdown, scorecard_markdown
from coach.drills.feedback import (
    Feedback,
    ModelReviewer,
    OfflineReviewer,
    StageReviewer,
    reviewer_for,
)
from coach.drills.library import (
    STAGE_IDS,
    Drill,
    DrillVersion,
    Library,
    LibraryError,
    Stage,
    bundled_library,
    load_library,
)
from coach.drills.run import DrillRun
from coach.drills.scorecard import Attempt, Scorecard, StageResult
from coach.drills.suggest import Suggestion, suggest_next, weak_areas

__all__ = [
    "STAGE_IDS",
    "Attempt",
    "Drill",
    "DrillRun",
    "DrillVersion",
    "Feedback",
    "Library",
    "LibraryError",
    "ModelReviewer",
    "OfflineReviewer",
    "Scorecard",
    "Stage",
    "StageResult",
    "StageReviewer",
    "Suggestion",
    "bundled_library",
    "feedback_markdown",
    "load_library",
    "parse_answers",
    "read_answers",
    "reviewer_for",
    "scorecard_markdown",
    "suggest_next",
    "weak_areas",
]
