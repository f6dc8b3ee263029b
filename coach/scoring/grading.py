"""Grading one answer to any question: the bank's rubric when the question is in
the bank, otherwise the question type's framework with corpus passages to read,
plus the LLM judge when a model is configured. Used by ``coach grade`` and evals.

A library module: progress messages (building the index on first use) go to the
``notify`` callback the caller passes, never straight to a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from coach.errors import BadInput
from coach.interview.bank import Question, QuestionBank, looks_like_id
from coach.language import Language, detect_language
from coach.scoring.rubric import Rubric, rubric_for_free_question
from coach.scoring.scorer import Score, score_answer
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.retrieval import Retriever


def answer_language(question: str | None, answer: str) -> Language:
    """The language to give feedback in: the answer's, or the question's when the
    answer has no words to tell by (``None`` for a bank question, which is in both
    languages: then Chinese)."""
    return detect_language(answer, default=detect_language(question or "", default="zh"))


class Grader:
    def __init__(
        self,
        settings: Settings,
        *,
        lang: Language | None = None,
        bank: QuestionBank | None = None,
        model: BaseChatModel | None = None,
        notify: Callable[[str], None] | None = None,
    ):
        self.settings, self.lang = settings, lang
        self.notify = notify or (lambda message: None)
        self.bank = bank or QuestionBank.load()
        self._retriever: Retriever | None = None
        self._model = model

    def question(self, question: str) -> Question | None:
        """The bank question meant, or None for a free question; a string shaped like
        a bank id that is not in the bank is an error, not a question."""
        found = self.bank.find(question)
        if found is None and looks_like_id(question):
            self.bank.get(question.strip())  # raises: there is no question ... in the bank
        return found

    def rubric(self, question: str, lang: Language) -> Rubric:
        found = self.question(question)
        if found is not None:
            return found.rubric(lang)
        return rubric_for_free_question(question, self.retriever(), lang)

    def retriever(self) -> Retriever:
        if self._retriever is None:
            from coach.index import ChunkIndex
            from coach.retrieval import Retriever, ensure_index

            index = ChunkIndex(self.settings)
            ensure_index(self.settings, index, notify=self.notify)
            self._retriever = Retriever(self.settings, index)
        return self._retriever

    def grade(self, question: str, answer: str, *, lang: Language | None = None) -> Score:
        """Score ``answer``; feedback in ``lang``, else the grader's, else the answer's
        language (a Chinese answer to bank question "fund-01" gets Chinese feedback)."""
        found = self.question(question)
        lang = lang or self.lang or answer_language(None if found else question, answer)
        text = found.prompt(lang) if found else question
        rubric = self.rubric(question, lang)
        score = score_answer(text, answer, rubric, lang)
        if self._model is None:
            from coach.llm import configured_model

            self._model = configured_model(self.settings)
        if self._model is not None:
            from coach.scoring.judge import judge_answer

            score = judge_answer(
                text, answer, rubric, score, model=self._model, settings=self.settings
            )
        return score

    def grade_line(self, line: str, number: int) -> dict[str, Any]:
        """One JSON line in, one result out; a bad line gives an error result, not a stop."""
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            return {"line": number, "error": "not JSON"}
        if not isinstance(item, dict):
            return {"line": number, "error": 'expected an object with "question" and "answer"'}
        question, answer = item.get("question"), item.get("answer")
        if not isinstance(question, str) or not question.strip() or not isinstance(answer, str):
            return {"line": number, "error": 'needs a non-empty "question" and an "answer" string'}
        try:
            score = self.grade(question, answer)
        except BadInput as exc:  # an unknown bank id
            return {"line": number, "error": str(exc)}
        result = {
            "score": score.score,
            "verdict": score.verdict,
            "dimensions": score.dimensions,
            "covered": score.covered,
            "missed": score.missed,
            "feedback": score.feedback,
            "reason": score.reason,
            "rubric": f"bank:{score.question_id}" if score.question_id else score.rubric_origin,
            "type": score.question_type,
            "type_confidence": score.type_confidence,
        }
        if score.judge is not None:
            result["judge"] = {k: v for k, v in score.judge.items() if k != "raw"}
        return result
