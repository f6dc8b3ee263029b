"""The "not covered" rule on the bundled corpus: on-topic questions in both
languages reach relevant passages, off-topic ones (recipes, football, weather) do not."""

from __future__ import annotations

import pytest

from coach.relevance import DEFAULT_RULE
from coach.retrieval import Retriever
from coach.settings import Settings

ON_TOPIC_EXTRA = [
    "What does an AI product manager do?",
    "How do I write a PRD for an AI feature?",
    "Why do models drift after launch?",
    "什么是数据标注",
    "植物识别app",
    "AI产品经理薪资",
    # Short English questions: the embedding says little, the glossary term is exact.
    "what is recall",
    "What is KANO?",
    "How does precision differ from recall?",
]

OFF_TOPIC = [
    "红烧肉怎么做才好吃？",
    "番茄炒蛋的做法",
    "推荐一个做蛋糕的食谱",
    "2022年世界杯决赛谁赢了？",
    "足球越位规则是什么",
    "梅西在巴塞罗那踢了多少年球？",
    "今天北京天气怎么样？",
    "给我讲个笑话",
    "How do I make a good tomato pasta sauce?",
    "Best recipe for chocolate chip cookies",
    "Who won the 2022 football World Cup final?",
    "Explain the rules of offside in soccer",
    "What's the weather in Paris tomorrow?",
    "What is the capital of Australia?",
    "How do I change a flat tyre on a bicycle?",
    # Keyboard mash sits close to everything in e5's space and shares no term.
    "xyzzy",
    "asdkjh qwe zzz",
]


def test_on_topic_questions_find_relevant_passages(
    corpus_settings: Settings, retrieval_set: list[dict[str, object]]
) -> None:
    retriever = Retriever(corpus_settings)
    questions = [str(case["query"]) for case in retrieval_set] + ON_TOPIC_EXTRA
    missed = [q for q in questions if not DEFAULT_RULE.relevant(retriever.search(q, 5), q)]
    assert missed == []


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_find_nothing_relevant(
    corpus_settings: Settings, question: str
) -> None:
    passages = Retriever(corpus_settings).search(question, 5)
    assert passages, "retrieval always returns its top-k"
    assert DEFAULT_RULE.relevant(passages, question) == []
