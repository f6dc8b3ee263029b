"""Answer scoring shared by interviews, drills and evals.

``score_answer(question, answer, rubric, lang)`` returns a deterministic ``Score``
(0-100, verdict, dimensions, covered/missed with quotes and passages, feedback).
``rubric_for_free_question`` builds a rubric for any question from the corpus;
``judge_answer`` adds an LLM judge's view when a model is configured.
"""

from coach.scoring.coverage import PointMatch, match_points
from coach.scoring.detectors import Rejection, detect_non_answer
from coach.scoring.rubric import KeyPoint, Rubric, rubric_for_free_question
from coach.scoring.scorer import Score, Verdict, score_answer, verdict_for

__all__ = [
    "KeyPoint",
    "PointMatch",
    "Rejection",
    "Rubric",
    "Score",
    "Verdict",
    "detect_non_answer",
    "match_points",
    "rubric_for_free_question",
    "score_answer",
    "verdict_for",
]
