"""The SmartHelp case of issue #16: sections by meaning, evidence that states the
element, the risky refund line flagged, and a re-critique that agrees with its checklist."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.prd import Critique, critique, load_bytes, load_path, save
from coach.prd.export import render_critique
from coach.settings import Settings
from coach.store import Store

SET = Path(__file__).parent / "data" / "prd_set"


def no_meaning(titles: object) -> list[str | None]:
    return [None] * len(titles)  # type: ignore[arg-type]


def run(name: str) -> Critique:
    return critique(load_path(SET / name, Settings()), classify=no_meaning)


def issue_quoting(result: Critique, fragment: str):  # type: ignore[no-untyped-def]
    return next(i for i in result.issues if fragment in i.quote)


def test_solution_counts_as_functional_requirements() -> None:
    found = run("en_smarthelp_v1.md").findings["functional"]
    assert found.status == "present"
    assert found.how == "heading"
    assert found.where == "Solution"
    assert found.evidence.startswith("The bot answers questions about orders")


def test_a_freely_named_part_is_recognised_by_what_it_states() -> None:
    text = (SET / "en_smarthelp_v1.md").read_text("utf-8").replace("## Solution", "## The bot")
    result = critique(load_bytes(text.encode(), "smarthelp.md", Settings()), classify=no_meaning)
    assert result.findings["functional"].status == "present"
    assert result.findings["functional"].how == "content"


def test_evidence_is_a_sentence_that_states_the_element() -> None:
    v1, v2 = run("en_smarthelp_v1.md"), run("en_smarthelp_v2.md")
    # "Our support team answers about 12,000 chats a month" states no model requirement.
    assert v1.findings["model"].status == "missing"
    assert v1.findings["model"].evidence == ""
    assert "Support agents" not in v2.findings["data"].evidence
    assert "Containment" not in v2.findings["launch"].evidence
    assert v2.findings["launch"].evidence.startswith("Staged rollout")


def test_refund_line_is_a_high_automated_decision() -> None:
    result = run("en_smarthelp_v1.md")
    refund = issue_quoting(result, "approve refunds under 50 EUR")
    assert (refund.severity, refund.kind) == ("high", "automated_decision")
    assert "money" in refund.message
    assert "human review" in refund.message
    assert refund.why
    assert "approve" in refund.suggestion
    assert result.issues[0] is refund  # the riskiest sentence comes first
    happier = issue_quoting(result, "Customers are happier")
    assert (happier.severity, happier.kind) == ("high", "unmeasurable_goal")
    everything = issue_quoting(result, "answer almost everything")
    assert (everything.severity, everything.kind) == ("high", "absolute_claim")


def test_a_refund_a_person_approves_is_not_flagged() -> None:
    result = run("en_smarthelp_v2.md")
    assert not [i for i in result.issues if i.kind == "automated_decision"]
    assert not [i for i in result.issues if i.severity == "high"]


def test_v2_checklist_and_diff_agree() -> None:
    store = Store.open(Settings())
    settings = Settings()
    for name in ("en_smarthelp_v1.md", "en_smarthelp_v2.md"):
        doc = load_path(SET / name, settings)
        saved = save(store, doc, critique(doc, classify=no_meaning))
    revision = saved.revision
    assert revision is not None
    assert saved.version == 2
    assert revision.delta > 30
    current = store.records(saved.session.id, "critique")[-1].payload["critique"]
    statuses = {key: found["status"] for key, found in current["sections"].items()}
    implied = {"missing": "missing", "weak": "weak", "gap": "present"}
    for issue in revision.remaining + revision.new:
        if issue["kind"] in implied:  # a section's issue describes the state the checklist shows
            assert implied[issue["kind"]] == statuses[issue["section"]], issue
    for issue in revision.fixed:
        if issue["kind"] in implied:  # a fixed section problem is not the current state
            assert implied[issue["kind"]] != statuses[issue["section"]] or issue["kind"] == "gap"
    for key, (_was, now) in revision.sections.items():
        assert now == statuses[key]
    fixed = {issue["identity"] for issue in revision.fixed}
    assert {"section:fallback:missing", "section:goals:weak"} <= fixed
    assert any(i["kind"] == "automated_decision" for i in revision.fixed)
    text = render_critique(current, revision.as_dict())
    still_open = text.split("**Still open**")[1].split("## ")[0] if "Still open" in text else ""
    for key, status in statuses.items():
        if status == "present":
            assert f"{current['sections'][key]['name']} △" not in still_open
            assert f"{current['sections'][key]['name']} ✗" not in still_open


@pytest.mark.parametrize(
    ("name", "fragment", "kind"),
    [
        ("zh_service_bot.md", "100 元以下的退款", "automated_decision"),
        ("zh_health_coach.md", "胰岛素剂量", "automated_decision"),
        ("zh_health_coach.md", "永远不会出错", "absolute_claim"),
        ("zh_health_coach.md", "体检报告", "personal_data"),
        ("en_resume_screener.md", "dates of birth", "personal_data"),
        ("zh_homework.md", "准确率要高", "no_threshold"),
        ("zh_homework.md", "家长满意度提升", "unmeasurable_goal"),
    ],
)
def test_requirement_pass_flags_high(name: str, fragment: str, kind: str) -> None:
    issue = issue_quoting(run(name), fragment)
    assert (issue.severity, issue.kind) == ("high", kind)
    assert issue.why
    assert issue.suggestion


def test_chinese_words_for_human_cost_are_not_a_human_in_the_loop() -> None:
    result = run("zh_service_bot.md")
    # "人工客服成本高" and "不需要人工审核" say nothing about a fallback to a person.
    assert result.findings["fallback"].status == "missing"
    refund = issue_quoting(result, "100 元以下的退款")
    assert "金钱" in refund.message
    assert "人工复核" in refund.message


def test_element_stated_outside_its_section_says_where() -> None:
    result = run("zh_plant_id.md")
    data = result.findings["data"]
    assert data.status == "weak"
    assert data.how == "scattered"
    assert "30 万张已标注植物照片" in data.evidence
    assert data.where == "4. 功能说明"
    issue = next(i for i in result.issues if i.section == "data")
    assert "4. 功能说明" in issue.message
    assert issue.quote == data.evidence
