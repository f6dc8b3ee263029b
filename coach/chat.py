"""Grounded chat: answers that come from the corpus, cite it and fit a budget.

The chain (LCEL) is

    question (+ history) → retrieve → relevant passages numbered [1]..[k]
        → not covered?  say so, without asking the model
        → offline?      quote the passages with their citations
        → prompt (prompts/grounded_answer.<lang>.md) → model → citation check

``GroundedChat.ask`` runs it in one call; ``GroundedChat.stream`` yields the
answer's text as the model writes it, then the checked ``GroundedAnswer``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.prompt_values import PromptValue
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables import (
    Runnable,
    RunnableBranch,
    RunnableLambda,
    RunnableParallel,
    RunnablePassthrough,
)

from coach.budget import TokenUsage, Turn, fit_in_budget, trim_history
from coach.citations import Citation, check_citations, citation_for, number_passages, snippet
from coach.language import Language, detect_language
from coach.llm import Mode, configured_model, mode_of, model_errors
from coach.prompts import load_prompt
from coach.relevance import DEFAULT_RULE, RelevanceRule
from coach.retrieval import Passage, Retriever
from coach.settings import Settings
from coach.tokens import count_tokens, truncate_to_tokens

GROUNDED_PROMPT = "grounded_answer"
OFFLINE_QUOTES = 3
QUOTE_CHARS = 360


@dataclass(frozen=True)
class Grounding:
    """What the model is given for one question."""

    question: str
    language: Language
    passages: list[Passage]  # relevant, in budget, numbered from 1
    history: list[Turn]  # trimmed to the history budget
    retrieved: list[Passage] = field(default_factory=list)  # before the relevance rule

    @property
    def covered(self) -> bool:
        return bool(self.passages)


@dataclass(frozen=True)
class GroundedAnswer:
    question: str
    text: str
    mode: Mode
    language: Language
    covered: bool
    citations: list[Citation]
    tokens: TokenUsage
    passages: list[Passage]
    history_turns: int = 0  # turns of history the model saw
    removed_citations: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "mode": self.mode,
            "covered": self.covered,
            "citations": [c.as_dict() for c in self.citations],
            "tokens": self.tokens.as_dict(),
        }

    def turns(self) -> list[Turn]:
        """This exchange as history for the next question."""
        return [Turn("user", self.question), Turn("assistant", self.text)]


def passage_tokens(passage: Passage) -> int:
    return count_tokens(number_passages([passage])) + 2


def _shorten(passage: Passage, budget: int) -> Passage:
    from dataclasses import replace

    return replace(passage, text=truncate_to_tokens(passage.text, max(budget - 30, 1)))


class GroundedChat:
    def __init__(
        self,
        settings: Settings,
        retriever: Retriever | None = None,
        model: BaseChatModel | None = None,
        rule: RelevanceRule = DEFAULT_RULE,
    ):
        self.settings = settings
        self.retriever = retriever or Retriever(settings)
        if model is None:
            model = configured_model(settings)
        self.model = model
        self.mode: Mode = "llm" if model is not None else mode_of(settings)
        self.rule = rule
        self.templates = {lang: self._template(lang) for lang in ("zh", "en")}

        self.retrieve: Runnable[dict[str, Any], Grounding] = RunnableLambda(self._ground)
        self.chain: Runnable[dict[str, Any], GroundedAnswer] = self.retrieve | RunnableBranch(
            (lambda g: not g.covered, RunnableLambda(self._not_covered)),
            (lambda g: self.model is None, RunnableLambda(self._offline)),
            RunnableParallel(grounding=RunnablePassthrough(), message=self._generate())
            | RunnableLambda(lambda x: self._finish(x["grounding"], x["message"])),
        )

    # -- the steps -------------------------------------------------------------

    def _template(self, language: Language) -> ChatPromptTemplate:
        prompt = load_prompt(GROUNDED_PROMPT, language, self.settings.prompts_dir)
        return ChatPromptTemplate.from_messages(
            [
                ("system", prompt.system),
                MessagesPlaceholder("history"),
                ("human", prompt.user),
            ]
        )

    def _ground(self, request: dict[str, Any]) -> Grounding:
        question = str(request["question"]).strip()
        history: list[Turn] = list(request.get("history") or [])
        earlier = next((t.content for t in reversed(history) if t.role == "user"), "")
        language = detect_language(question, default=detect_language(earlier))
        retrieved = self.retriever.search(question, self.settings.top_k)
        relevant = self.rule.relevant(retrieved, question)
        if not relevant and earlier:
            # A follow-up ("why?", "举个例子") carries its topic in the previous question.
            retrieved = self.retriever.search(f"{earlier}\n{question}", self.settings.top_k)
            relevant = self.rule.relevant(retrieved, f"{earlier}\n{question}")
        passages = fit_in_budget(
            relevant, self.settings.context_tokens, passage_tokens, shorten=_shorten
        )
        return Grounding(
            question=question,
            language=language,
            passages=passages,
            history=trim_history(history, self.settings.history_tokens),
            retrieved=retrieved,
        )

    def _prompt(self, grounding: Grounding) -> PromptValue:
        return self.templates[grounding.language].invoke(
            {
                "passages": number_passages(grounding.passages),
                "question": grounding.question,
                "history": [
                    ("human" if t.role == "user" else "ai", t.content) for t in grounding.history
                ],
            }
        )

    def _generate(self) -> Runnable[Grounding, BaseMessage]:
        if self.model is None:
            return RunnableLambda(_no_model)
        return RunnableLambda(self._prompt) | self.model

    def _finish(self, grounding: Grounding, message: BaseMessage) -> GroundedAnswer:
        text = message.text if isinstance(message.text, str) else str(message.content)
        checked = check_citations(text, grounding.passages)
        return GroundedAnswer(
            question=grounding.question,
            text=checked.text,
            mode="llm",
            language=grounding.language,
            covered=True,
            citations=checked.citations,
            tokens=self._usage(grounding, message, text),
            passages=grounding.passages,
            history_turns=len(grounding.history),
            removed_citations=checked.removed,
        )

    def _usage(self, grounding: Grounding, message: BaseMessage, text: str) -> TokenUsage:
        usage = getattr(message, "usage_metadata", None)
        if usage and usage.get("input_tokens"):
            return TokenUsage(prompt=usage["input_tokens"], completion=usage["output_tokens"])
        # The server did not report usage: count what was sent and received.
        sent = self._prompt(grounding).to_messages()
        prompt = sum(count_tokens(str(m.content)) + 4 for m in sent)
        return TokenUsage(prompt=prompt, completion=count_tokens(text))

    def _not_covered(self, grounding: Grounding) -> GroundedAnswer:
        text = load_prompt("not_covered", grounding.language, self.settings.prompts_dir).text
        if self.model is None:
            text += "\n\n" + self._connect_line(grounding.language)
        return self._plain(grounding, text, citations=[])

    def _offline(self, grounding: Grounding) -> GroundedAnswer:
        shown = grounding.passages[:OFFLINE_QUOTES]
        quotes = "\n\n".join(_quote(n, p) for n, p in enumerate(shown, 1))
        text = load_prompt("offline_answer", grounding.language, self.settings.prompts_dir).format(
            quotes=quotes, connect=self._connect_line(grounding.language)
        )
        citations = [citation_for(n, p) for n, p in enumerate(shown, 1)]
        return self._plain(grounding, text, citations)

    def _connect_line(self, language: Language) -> str:
        return load_prompt("offline_connect", language, self.settings.prompts_dir).text

    def _plain(self, grounding: Grounding, text: str, citations: list[Citation]) -> GroundedAnswer:
        """An answer assembled from the corpus and fixed wording, with no model call."""
        return GroundedAnswer(
            question=grounding.question,
            text=text,
            mode=self.mode,
            language=grounding.language,
            covered=grounding.covered,
            citations=citations,
            tokens=TokenUsage(),
            passages=grounding.passages,
            history_turns=len(grounding.history),
        )

    # -- entry points ----------------------------------------------------------

    def ask(self, question: str, history: Sequence[Turn] = ()) -> GroundedAnswer:
        with model_errors(self.settings):
            return self.chain.invoke({"question": question, "history": list(history)})

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | GroundedAnswer]:
        """Text deltas as they arrive, then the checked answer (always last).

        The deltas are the model's raw words; markers it invented are only removed
        in the final answer, which a UI should show in place of the streamed text.
        """
        grounding = self.retrieve.invoke({"question": question, "history": list(history)})
        if not grounding.covered or self.model is None:
            answer = self._offline(grounding) if grounding.covered else self._not_covered(grounding)
            yield answer.text
            yield answer
            return
        message: AIMessageChunk | None = None
        with model_errors(self.settings):
            for chunk in self._generate().stream(grounding):
                if not isinstance(chunk, AIMessageChunk):
                    continue
                message = chunk if message is None else message + chunk
                if chunk.text:
                    yield chunk.text
        yield self._finish(grounding, message or AIMessage(content=""))


def _quote(n: int, passage: Passage) -> str:
    where = f"{passage.title} · {passage.heading}" if passage.heading else passage.title
    body = snippet(passage.text, QUOTE_CHARS)
    return f"[{n}] {where}\n> {body}"


def _no_model(_: Grounding) -> BaseMessage:
    raise AssertionError("the offline branch answers before generation")
