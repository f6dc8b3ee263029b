"""Grounded chat: answers that come from the corpus, cite it and fit a budget.

The chain (LCEL) is

    question (+ history) → retrieve → the relevance decision (coach.relevance.decide)
        → declined?     say so and name what the library covers nearest, no model call
        → offline?      quote the passages that state the answer as the answer, the
                        others as "related reading, not an answer"
        → prompt (prompts/grounded_answer.<lang>.md) with only the passages that
          passed the decision, numbered [1]..[k] → model → citation check

A learner's own uploads are searched only for that learner (``owner``).

``GroundedChat.ask`` runs it in one call; ``GroundedChat.stream`` yields the
answer's text as the model writes it, then the checked ``GroundedAnswer``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
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
from coach.errors import check_question
from coach.language import Language, detect_language
from coach.llm import Mode, configured_model, mode_of, model_errors
from coach.prompts import load_prompt
from coach.relevance import DEFAULT_RULE, Decision, RelevanceRule, Verdict, decide
from coach.retrieval import Passage, Retriever, passage_place
from coach.settings import Settings
from coach.tokens import count_tokens, truncate_to_tokens

GROUNDED_PROMPT = "grounded_answer"
OFFLINE_QUOTES = 3
QUOTE_CHARS = 360
# A passage shown as the answer is quoted at more length from the sentence that states
# it: hand labelling found quotes of notes cut before the answer's second half (recall
# after precision, the figure after "n ≈").
ANSWER_QUOTE_CHARS = 720


@dataclass(frozen=True)
class Grounding:
    """What the model is given for one question."""

    question: str
    language: Language
    passages: list[Passage]  # passed the decision, in budget, numbered from 1
    history: list[Turn]  # trimmed to the history budget
    decision: Decision
    retrieved: list[Passage] = field(default_factory=list)  # before the relevance rule

    @property
    def covered(self) -> bool:
        return self.decision.covered and bool(self.passages)

    def states(self, passage: Passage) -> bool:
        return any(p.chunk_id == passage.chunk_id for p in self.decision.answering)


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
    verdict: Verdict = "answer"
    nearest: list[str] = field(default_factory=list)  # declined: what the library covers
    brief: str = ""  # offline: the text without the quoted passages (shown beside them)

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "mode": self.mode,
            "covered": self.covered,
            "verdict": self.verdict,
            "nearest": self.nearest,
            "citations": [c.as_dict() for c in self.citations],
            "tokens": self.tokens.as_dict(),
        }

    def turns(self) -> list[Turn]:
        """This exchange as history for the next question."""
        return [Turn("user", self.question), Turn("assistant", self.text)]


def passage_tokens(passage: Passage) -> int:
    return count_tokens(number_passages([passage])) + 2


def shorten_passage(passage: Passage, budget: int) -> Passage:
    """``passage`` cut to ``budget`` tokens from the chunk that ranked (``lead``): a
    window's context before it is the first thing to go."""
    text = truncate_to_tokens(passage.text[passage.lead :], max(budget - 30, 1))
    return replace(passage, text=text, lead=0)


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
        owner: str | None = request.get("owner")
        earlier = next((t.content for t in reversed(history) if t.role == "user"), "")
        language = detect_language(question, default=detect_language(earlier))
        k = self.settings.top_k
        decision = decide(question, self.retriever, owner=owner, k=k, rule=self.rule)
        unknown = any(g.share == 0 for g in decision.question.groups)
        if not decision.covered and earlier and not unknown:
            # A follow-up ("why?", "举个例子") carries its topic in the previous question;
            # one that names something the library never mentions (a dish, keyboard
            # mash) is a new question, declined on its own.
            followup = decide(
                f"{earlier}\n{question}", self.retriever, owner=owner, k=k, rule=self.rule
            )
            if followup.covered:
                decision = followup
        passages = fit_in_budget(
            decision.passages, self.settings.context_tokens, passage_tokens, shorten=shorten_passage
        )
        return Grounding(
            question=question,
            language=language,
            passages=passages,
            history=trim_history(history, self.settings.history_tokens),
            decision=decision,
            retrieved=decision.retrieved,
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
            verdict=grounding.decision.verdict,
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
        lang = grounding.language
        nearest = grounding.decision.nearest
        lines = "\n".join(f"- {place}" for place in nearest) or "-"
        text = self._words("chat_declined", lang).format(nearest=lines)
        if self.model is None:
            text += "\n\n" + self._connect_line(lang)
        answer = self._plain(grounding, text, citations=[])
        return replace(answer, covered=False, verdict="declined", nearest=nearest, brief=text)

    def _offline(self, grounding: Grounding) -> GroundedAnswer:
        """Quotes: the passages that state the answer as the answer, then the rest as
        related reading; a passage that does not state it is never shown as the answer."""
        lang = grounding.language
        shown = grounding.passages[:OFFLINE_QUOTES]
        stating = [p for p in shown if grounding.states(p)]
        others = [p for p in shown if not grounding.states(p)]
        numbered = list(enumerate([*stating, *others], 1))
        parts: list[str] = []
        if stating:
            parts.append(self._words("chat_answer_offline", lang))
            said = grounding.decision.statements
            parts += [
                _quote(n, p, lang, said.get(p.chunk_id, ""), ANSWER_QUOTE_CHARS)
                for n, p in numbered[: len(stating)]
            ]
            if others:
                parts.append(self._words("chat_also_related", lang))
        else:
            parts.append(self._words("chat_related_offline", lang))
        parts += [_quote(n, p, lang) for n, p in numbered[len(stating) :]]
        connect = self._connect_line(lang)
        text = "\n\n".join([*parts, connect])
        # Beside the quoted passages (a UI lists related reading on its own): the
        # stating passages are the answer, the rest stay out of the answer's text.
        kept = parts[: 1 + len(stating)] if stating else parts[:1]
        brief = "\n\n".join([*kept, connect])
        citations = [
            citation_for(n, p, "answer" if n <= len(stating) else "related") for n, p in numbered
        ]
        answer = self._plain(grounding, text, citations)
        verdict: Verdict = "answer" if stating else "related"
        # Citation n is passage n: keep the passages in the order they were quoted.
        ordered = [p for _, p in numbered] + grounding.passages[len(numbered) :]
        return replace(answer, verdict=verdict, brief=brief, passages=ordered)

    def _words(self, name: str, language: Language) -> str:
        return load_prompt(name, language, self.settings.prompts_dir).text.strip()

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

    def ask(
        self, question: str, history: Sequence[Turn] = (), owner: str | None = None
    ) -> GroundedAnswer:
        """Answer ``question``; ``owner``'s own uploads are searched beside the library."""
        check_question(question, self.settings)
        with model_errors(self.settings):
            request = {"question": question, "history": list(history), "owner": owner}
            return self.chain.invoke(request)

    def stream(
        self, question: str, history: Sequence[Turn] = (), owner: str | None = None
    ) -> Iterator[str | GroundedAnswer]:
        """Text deltas as they arrive, then the checked answer (always last).

        The deltas are the model's raw words; markers it invented are only removed
        in the final answer, which a UI should show in place of the streamed text.
        """
        check_question(question, self.settings)
        request = {"question": question, "history": list(history), "owner": owner}
        grounding = self.retrieve.invoke(request)
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


def _quote(
    n: int, passage: Passage, language: Language = "en", focus: str = "", limit: int = QUOTE_CHARS
) -> str:
    where = passage_place(passage, language)
    if not focus and passage.lead:
        # No stating sentence: start at the part that matched, not at the context
        # shown around it (the section before it, or the note's title).
        focus = passage.text[passage.lead :].split("\n", 1)[0]
    return f"[{n}] {where}\n> {quoted(passage.text, focus, limit)}"


def quoted(text: str, focus: str = "", limit: int = QUOTE_CHARS) -> str:
    """``text`` cut to ``limit`` characters so that ``focus`` (the sentence that states
    the answer) is inside: a passage's opening is not its answer when the answer comes
    later."""
    flat = " ".join(text.split())
    at = flat.find(" ".join(focus.split())) if focus else -1
    if at <= 0 or at + len(focus) <= limit:
        return snippet(flat, limit)
    return "…" + snippet(flat[at:], limit)


def _no_model(_: Grounding) -> BaseMessage:
    raise AssertionError("the offline branch answers before generation")
