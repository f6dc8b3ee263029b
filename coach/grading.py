"""Grading one answer to any question: the bank's rubric when the question is in
the bank, otherwise one built from the corpus, plus the LLM judge when a model
is configured. Used by ``coach grade`` and reusable by drills and evals."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from coach.language import Language, detect_language
from coach.questions import QuestionBank
from coach.scoring import Rubric, Score, rubric_for_free_question, score_answer
from coach.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from coach.retrieval import Retriever


class Grader:
    def __init__(
        self,
        settings: Settings,
        *,
        lang: Language | None = None,
        bank: QuestionBank | None = None,
        model: BaseChatModel | None = None,
    ):
        self.settings, self.lang = settings, lang
        self.bank = bank or QuestionBank.load()
        self._retriever: Retriever | None = None
        self._model = model

    def rubric(self, question: str, lang: Language) -> Rubric:
        found = self.bank.find(question)
        if found is not None:
            return found.rubric(lang)
        return rubric_for_free_question(question, self.retriever(), lang)

    def retriever(self) -> Retriever:
        if self._retriever is None:
            from coach.cli.output import say
            from coach.index import ChunkIndex
            from coach.retrieval import Retriever, ensure_index

            index = ChunkIndex(self.settings)
            ensure_index(self.settings, index, notify=say)
            self._retriever = Retriever(self.settings, index)
        return self._retriever

    def grade(self, question: str, answer: str) -> Score:
        lang = self.lang or detect_language(question, default="zh")
        found = self.bank.find(question)
        text = found.prompt(lang) if found else question
        rubric = self.rubric(question, lang)
        score = score_answer(text, answer, rubric, lang)
        if self._model is None and self.settings.model_configured:
            from coach.llm import chat_model

            self._model = chat_model(self.settings)
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
        score = self.grade(question, answer)
        result = {
            "score": score.score,
            "verdict": score.verdict,
            "dimensions": score.dimensions,
            "covered": score.covered,
            "missed": score.missed,
            "feedback": score.feedback,
            "reason": score.reason,
            "rubric": f"bank:{score.question_id}" if score.question_id else score.rubric_origin,
        }
        if score.judge is not None:
            result["judge"] = {k: v for k, v in score.judge.items() if k != "raw"}
        return result
