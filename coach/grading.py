"""Kept so ``from coach.grading import Grader`` still works: grading lives in
``coach.scoring.grading`` (the library no longer depends on the CLI)."""

from coach.scoring.grading import Grader, answer_language

__all__ = ["Grader", "answer_language"]
