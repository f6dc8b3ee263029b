"""Answer scoring shared by interviews, drills, ``coach grade``, the UI and evals.

``score_answer(question, answer, rubric, lang)`` returns a deterministic ``Score``
(0-100, verdict, dimensions, covered/missed with the exact sentences and what to
read, feedback). Every question is classified into a type (``classify``) whose
framework (``coach/data/frameworks``) adds the talking points an interviewer
listens for; ``rubric_for_free_question`` adds corpus passages to read;
``judge_answer`` adds an LLM judge's view when a model is configured.
``subject_fit`` checks the answer is about the question's subject (and a drill
stage's case): an answer to another question is capped, whatever points it shares.
"""

from coach.scoring.analysis import Analysis, analyse
from coach.scoring.classify import TypeGuess, classify
from coach.scoring.coverage import PointMatch, match_points
from coach.scoring.detectors import Rejection, detect_non_answer
from coach.scoring.frameworks import TYPE_IDS, Framework, framework, frameworks
from coach.scoring.rubric import KeyPoint, Rubric, rubric_for_free_question
from coach.scoring.scorer import Score, Verdict, score_answer, verdict_for
from coach.scoring.subject import SubjectFit, subject_fit
from coach.scoring.typed import apply_type

__all__ = [
    "TYPE_IDS",
    "Analysis",
    "Framework",
    "KeyPoint",
    "PointMatch",
    "Rejection",
    "Rubric",
    "Score",
    "SubjectFit",
    "TypeGuess",
    "Verdict",
    "analyse",
    "apply_type",
    "classify",
    "detect_non_answer",
    "framework",
    "frameworks",
    "match_points",
    "rubric_for_free_question",
    "score_answer",
    "subject_fit",
    "verdict_for",
]
