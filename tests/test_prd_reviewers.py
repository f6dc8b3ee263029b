"""The persona path's reply handling and merging, and the offline default.

The model call itself is not exercised here: no cassette recorded from a real model
exists for the ``prd_reviewer`` prompt yet. What is tested is everything around it:
validation of the JSON a model returns, quote checking, section mapping, merging and
deduplication with the checklist, and that reviewers never move the score.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.errors import ServiceUnavailable
from coach.prd import Issue, PrdDocument, critique, load_path
from coach.prd.reviewers import ReviewerFailed, model_reviewers, parse_reply, personas
from coach.prd.sections import Outline
from coach.settings import Settings

PRD = Path(__file__).parent / "data" / "prd"
DOC = (PRD / "zh_mediocre.md").read_text("utf-8")


def test_reply_is_validated_and_quotes_checked() -> None:
    reply = (
        "```json\n"
        + json.dumps(
            {
                "issues": [
                    {
                        "severity": "HIGH",
                        "section": "数据",
                        "quote": "使用历史客服聊天记录来训练模型",
                        "message": "训练数据和测试数据没有分开。",
                        "suggestion": "按时间切分测试集。",
                    },
                    {
                        "severity": "medium",
                        "section": "Fallback and human-in-the-loop",
                        "quote": "这句话文档里没有",
                        "message": "没有转人工的条件。",
                        "suggestion": "",
                    },
                    {"severity": "low", "section": "附录", "quote": "", "message": "术语不统一。"},
                ]
            },
            ensure_ascii=False,
        )
        + "\n```"
    )
    issues = parse_reply(reply, source="reviewer:data_scientist", document=DOC)
    assert [(i.severity, i.section) for i in issues] == [
        ("high", "data"),
        ("medium", "fallback"),
        ("low", "general"),
    ]
    assert issues[0].quote == "使用历史客服聊天记录来训练模型"
    assert issues[1].quote == ""  # invented quotes are dropped
    assert all(i.kind == "reviewer" and i.source == "reviewer:data_scientist" for i in issues)


@pytest.mark.parametrize(
    ("reply", "message"),
    [
        ("I think the PRD is fine.", "no JSON object"),
        ('{"issues": [{"severity": "high",}]}', "not valid JSON"),
        ('{"issues": [{"severity": "urgent", "message": "x"}]}', "does not match the issue format"),
    ],
)
def test_unusable_replies_raise(reply: str, message: str) -> None:
    with pytest.raises(ReviewerFailed, match=message):
        parse_reply(reply, source="reviewer:tech_lead", document=DOC)


def test_offline_has_no_reviewers_and_three_personas_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert model_reviewers(Settings()) == []
    monkeypatch.setenv("COACH_BASE_URL", "http://127.0.0.1:9/v1")
    online = model_reviewers(Settings())
    assert [r.name for r in online] == [f"reviewer:{p.key}" for p in personas()]
    assert {p.key for p in personas()} == {"tech_lead", "data_scientist", "compliance"}


def test_prompts_exist_in_both_languages() -> None:
    from coach.prompts import load_prompt

    for lang in ("zh", "en"):
        prompt = load_prompt("prd_reviewer", lang)
        assert {"persona", "focus", "limit", "sections", "findings", "document"} <= prompt.variables


class FakeReviewer:
    """Stands in for a model persona (no recorded model reply exists for this prompt)."""

    def __init__(self, name: str, issues: list[Issue] | Exception):
        self.name = name
        self.issues = issues
        self.calls = 0

    def review(self, doc: PrdDocument, outline: Outline, lang: str) -> list[Issue]:
        self.calls += 1
        assert "忽略" not in doc.text  # reviewers only ever see the screened document
        if isinstance(self.issues, Exception):
            raise self.issues
        return self.issues


def test_reviewer_issues_merge_dedupe_and_never_move_the_score() -> None:
    doc = load_path(PRD / "zh_mediocre.md", Settings())
    offline = critique(doc)
    repeat = Issue(
        "high",
        "evaluation",
        "",
        "没有评估方案。",
        "补充测试集。",
        kind="reviewer",
        source="reviewer:data_scientist",
    )
    same_quote = Issue(
        "high",
        "data",
        "使用历史客服聊天记录来训练模型",
        "数据没有规模。",
        "",
        kind="reviewer",
        source="reviewer:tech_lead",
    )
    fresh = Issue(
        "medium",
        "functional",
        "",
        "转人工后上下文如何传递没有说明。",
        "写明交接内容。",
        kind="reviewer",
        source="reviewer:tech_lead",
    )
    result = critique(
        doc,
        reviewers=[
            FakeReviewer("reviewer:tech_lead", [same_quote, fresh]),
            FakeReviewer("reviewer:data_scientist", [repeat]),
        ],
    )
    assert result.score == offline.score
    assert result.mode == "llm"
    assert len(result.reviewers) == 2
    assert len(result.issues) == len(offline.issues) + 1
    evaluation = next(i for i in result.issues if i.section == "evaluation")
    assert evaluation.kind == "missing"
    assert evaluation.also == ["reviewer:data_scientist"]
    data = next(i for i in result.issues if i.section == "data" and i.kind == "weak")
    assert data.severity == "high"
    assert data.also == ["reviewer:tech_lead"]
    assert any(i.kind == "reviewer" and i.section == "functional" for i in result.issues)


def test_a_failing_reviewer_leaves_a_note_and_stops_on_a_dead_endpoint() -> None:
    doc = load_path(PRD / "en_mediocre.md", Settings())
    bad = FakeReviewer("reviewer:tech_lead", ReviewerFailed("the reviewer's reply is not JSON"))
    down = FakeReviewer("reviewer:data_scientist", ServiceUnavailable("endpoint down"))
    never = FakeReviewer("reviewer:compliance", [])
    result = critique(doc, reviewers=[bad, down, never])
    assert result.mode == "offline"
    assert never.calls == 0
    assert len(result.notes) == 2
    assert "endpoint down" in result.notes[1]
    assert result.score == critique(doc).score
