"""Mock interviews: bank questions asked, answered, scored and saved turn by turn.

The parts, one module each:

- ``session``: the ``Interview`` itself (practice and mock modes, resume from the store);
- ``bank``: the question bank (``coach/data/questions/*.toml``), each question with its rubric;
- ``followup``: the follow-up question that probes what an answer missed;
- ``personas``: how the interviewer speaks (``coach/data/personas.toml``), never how it scores;
- ``report``: the end-of-interview report, as a dict and as Markdown.

Scoring is ``coach.scoring``'s, shared with drills, PRD critique and evals.
"""

from coach.interview.bank import (
    CATEGORIES,
    CATEGORY_NAMES,
    DIFFICULTIES,
    Question,
    QuestionBank,
    looks_like_id,
)
from coach.interview.export import report_markdown
from coach.interview.followup import FollowUp, choose_followup, generate_followup
from coach.interview.personas import PERSONAS, persona
from coach.interview.report import (
    Report,
    attempts,
    build_report,
    shown_average,
    summarise,
)
from coach.interview.session import (
    KIND,
    MAX_QUESTIONS,
    MODES,
    Ask,
    Interview,
    InterviewConfig,
    Reply,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_NAMES",
    "DIFFICULTIES",
    "KIND",
    "MAX_QUESTIONS",
    "MODES",
    "PERSONAS",
    "Ask",
    "FollowUp",
    "Interview",
    "InterviewConfig",
    "Question",
    "QuestionBank",
    "Reply",
    "Report",
    "attempts",
    "build_report",
    "choose_followup",
    "generate_followup",
    "looks_like_id",
    "persona",
    "report_markdown",
    "shown_average",
    "summarise",
]
