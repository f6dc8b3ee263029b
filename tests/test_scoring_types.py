"""Question types, substance and evidence: the judgment an interviewer would make.

Type classification in both languages, substance detection (buzzwords earn
nothing), evidence quotes that are the exact sentences that matched, and feedback
that never pushes back on a point the answer covered.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coach.scoring import (
    TYPE_IDS,
    Rubric,
    analyse,
    classify,
    frameworks,
    score_answer,
)
from coach.scoring.judge import JudgeVerdict, parse_verdict
from coach.scoring.substance import signals
from coach.scoring.text import shorten

NOTES = Path(__file__).parent.parent / "coach" / "data" / "notes" / "frameworks"

RADIOLOGY_Q = "Design an AI tool that helps radiologists read chest CT scans"
RADIOLOGY_A = (
    "Primary users: thoracic radiologists doing routine chest CT reads, who face 80-100 "
    "studies a day and spend most time on nodule measurement. The pain is fatigue-driven "
    "misses of small nodules under 6 mm. I would build a triage tool that flags likely "
    "nodules and pre-fills measurements, because measurement is the slowest manual step. "
    "If confidence is below a threshold the finding is shown as 'review' rather than hidden. "
    "Success: recall of nodules >= 95% on a held-out set of 2,000 studies, and read time "
    "down 20% in a 4-week pilot at two hospitals, with the override rate as a guardrail."
)
FLUFF_EN = (
    "Great question. I'm extremely confident that the key is to leverage synergies across "
    "the AI-native value chain and build a world-class, data-driven flywheel. By creating a "
    "data moat and a platform play, we can unlock value at scale. This is a game-changing, "
    "best-in-class approach that will disrupt the market and empower every stakeholder."
)
SUCCESS_Q = "什么样的产品是成功的产品？"
SUCCESS_A = (
    "我认为成功的产品首先要真正解决一群明确用户的问题。比如微信读书，它的目标用户是通勤路上想读书的"
    "上班族，痛点是纸书不方便、电子书没有交流。它通过书友想法和划线分享，让读书变成社交行为，所以留存"
    "很高。衡量上，我会看付费会员的月留存和人均阅读时长，而不是下载量。当然它也有不足：书库版权有限，"
    "我会优先补齐热门新书，代价是版权成本上升。"
)


def free(question: str, lang: str) -> Rubric:
    return Rubric(question, lang, (), "retrieved")  # type: ignore[arg-type]


def test_every_type_has_a_valid_framework_and_notes_in_both_languages() -> None:
    found = frameworks()
    assert set(TYPE_IDS) <= set(found)
    sources = tomllib.loads((NOTES / "sources.toml").read_text("utf-8"))
    for type_id, fw in found.items():
        assert fw.examples.zh
        assert fw.examples.en
        assert len(fw.points) >= 3
        assert all(p.probe.zh and p.probe.en and p.substance.zh for p in fw.points)
        assert sources[type_id]["sources"]
        assert sources[type_id]["checked"]
        for lang in ("zh", "en"):
            text = (NOTES / f"{type_id}.{lang}.md").read_text("utf-8")
            assert text.startswith("# ")
            assert 2 <= text.count("\n## ") <= 6
            assert "http" not in text  # no links in the body


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("DAU dropped 15%, what do you do?", "metric_diagnosis"),
        ("上周App的日活下降了20%，你会怎么排查？", "metric_diagnosis"),
        ("Tell me about a time you disagreed with your manager.", "behavioural"),
        ("你最大的缺点是什么？", "behavioural"),
        ("What's your favourite product and why?", "favourite_product"),
        ("什么样的产品是成功的产品", "favourite_product"),
        ("Estimate how many electric scooters are rented in Paris each day.", "estimation"),
        ("估算一下上海有多少家奶茶店", "estimation"),
        ("Tell me about yourself.", "motivation_career"),
        ("为什么想从运营转做AI产品经理？", "motivation_career"),
        ("Explain the difference between precision and recall to a designer.", "ai_concept"),
        (
            "How would you decide a new recommendation model is ready to launch?",
            "ai_evaluation_launch",
        ),
        ("设计一个帮助独居老人按时吃药的产品", "product_design"),
    ],
)
def test_questions_are_classified_by_type_in_both_languages(question: str, expected: str) -> None:
    guess = classify(question)
    assert guess.type_id == expected, (guess.best, guess.confidence)
    assert 0.35 <= guess.confidence <= 1.0


def test_a_question_of_no_known_type_is_not_forced_into_one() -> None:
    assert classify("How do I cook braised pork belly?").type_id is None


def test_substance_needs_concrete_content_and_buzzwords_earn_nothing() -> None:
    concrete = signals(
        "I would segment the drop by platform and app version, "
        "because a release on Android 14 is the likeliest cause."
    )
    assert concrete.value == 1.0
    assert {"action", "mechanism"} <= set(concrete.kinds)
    number = signals("召回率要达到95%，误报由人工复核兜底。")
    assert number.value >= 0.5
    assert number.metric
    assert number.number
    buzz = signals("We will leverage synergies to build a world-class, data-driven flywheel.")
    assert buzz.value == 0.0
    assert buzz.buzzwords >= 3
    zh_buzz = signals("通过赋能业务抓手，打造闭环，实现降本增效。")
    assert zh_buzz.value == 0.0
    assert signals("Great question.").empty


@pytest.mark.parametrize(
    "sentence",
    [
        # plan fields filled in, no first-person verb
        "数据来源：爬虫加合作植物园，类型是手机拍摄的高清图片，每类至少500张。",
        "目标用户：周末去公园的游客、上自然课的学生和园艺新手。",
        "Primary users: thoracic radiologists doing routine chest CT reads.",
        "Data plan: past support chats plus the FAQ knowledge base, about a million turns.",
        # a procedure written impersonally
        "标注由众包完成，再由植物专家抽检，剔除模糊和标错的样本。",
        "People label unusual phrasings, and agents review a sample of labels so the labels "
        "are correct.",
        # a threshold and what happens past it
        "模型置信度低时，不直接给答案，而是提示用户补拍。",
        "When the bot cannot answer or the user is upset, it hands over to an agent.",
    ],
)
def test_plan_style_sentences_carry_substance(sentence: str) -> None:
    assert signals(sentence).value >= 0.5, signals(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "核心抓手：赋能业务、打通全链路、形成闭环。",
        "Vision: a world-class, seamless, AI-native experience for everyone.",
        "我们要构建覆盖全流程、全场景的AI安全体系，推动多方协同。",
        "AI is at the heart of everything we do.",
        "制定上线标准要坚持用户价值和商业价值双轮驱动。",
        "By aligning stakeholders around a north star we unlock synergies at scale.",
        "我是一个有热情、有担当的复合型人才。",
    ],
)
def test_plan_shaped_fluff_stays_empty(sentence: str) -> None:
    # A colon, a list, "AI", one operation word or a metric's name is not substance.
    assert signals(sentence).value == 0.0, signals(sentence)


def test_numbers_articles_and_names() -> None:
    assert not signals("我是一个产品经理。").number  # "一个" is an article
    assert signals("一周内上线首版。").number
    assert not signals("为每位用户提供千人千面的服务。").number
    assert not signals("We build AI products.").name
    assert signals("We compared it with Google Lens.").name


def test_fluff_is_capped_and_never_listed_as_a_strength() -> None:
    score = score_answer(
        "What do you think of AI products?",
        FLUFF_EN,
        free("What do you think of AI products?", "en"),
        "en",
    )
    assert score.score <= 35
    assert not score.covered
    assert "buzzwords" in score.feedback


def test_evidence_quotes_are_the_exact_sentences_that_matched() -> None:
    score = score_answer(RADIOLOGY_Q, RADIOLOGY_A, free(RADIOLOGY_Q, "en"), "en")
    sentences = analyse(RADIOLOGY_A, "en").sentences
    assert score.covered
    for item in score.covered:
        assert item["quote"] in sentences  # one whole sentence, not the answer's first 80 chars
        # The feedback shows that sentence, cut at 120 characters with "…" when longer.
        assert f"you wrote “{shorten(item['quote'], 120)}”" in score.feedback
    users = next(c for c in score.covered if c["id"].endswith(":user-problem"))
    assert "radiologists" in users["quote"]
    success = score_answer(SUCCESS_Q, SUCCESS_A, free(SUCCESS_Q, "zh"), "zh")
    zh_sentences = analyse(SUCCESS_A, "zh").sentences
    assert success.covered
    for item in success.covered:
        assert item["quote"] in zh_sentences


def test_never_push_back_on_a_covered_point() -> None:
    for question, answer, lang in ((RADIOLOGY_Q, RADIOLOGY_A, "en"), (SUCCESS_Q, SUCCESS_A, "zh")):
        score = score_answer(question, answer, free(question, lang), lang)  # type: ignore[arg-type]
        covered = {c["id"] for c in score.covered}
        assert covered
        assert not covered & {m["id"] for m in score.missed}
        feedback = score.feedback
        pushback = feedback.partition("遗漏")[2] or feedback.partition("Missed")[2]
        for item in score.covered:
            assert f"- {item['point']}" not in pushback


def test_good_answers_to_ordinary_questions_are_not_rejected() -> None:
    success = score_answer(SUCCESS_Q, SUCCESS_A, free(SUCCESS_Q, "zh"), "zh")
    assert success.question_type == "favourite_product"
    assert success.verdict != "rejected"
    assert success.score >= 55
    radiology = score_answer(RADIOLOGY_Q, RADIOLOGY_A, free(RADIOLOGY_Q, "en"), "en")
    assert radiology.verdict != "rejected"
    assert radiology.score >= 55


def test_judge_point_numbers_are_what_the_prompt_asks_for() -> None:
    verdict = parse_verdict(
        '{"score": 70, "verdict": "strong", "covered": [1, 2], "missed": ["[3]"], '
        '"injection": false, "feedback": "Users [1] and data [2] are clear."}'
    )
    assert isinstance(verdict, JudgeVerdict)
    assert verdict.covered == [1, 2]
    rubric = free(RADIOLOGY_Q, "en")
    from coach.scoring import apply_type

    typed = apply_type(rubric)
    ids = verdict.point_ids(typed, "covered")
    assert ids == [typed.key_points[0].id, typed.key_points[1].id]
    assert verdict.point_ids(typed, "missed") == [typed.key_points[2].id]


def test_a_sentence_that_makes_several_points_is_quoted_once() -> None:
    """A one-sentence answer covering several points: the first point quotes it, the
    others point back to it instead of repeating the whole sentence under each."""
    answer = (
        "First I would confirm that AI is the right tool, collect 50,000 labelled support "
        "tickets, evaluate precision and recall offline, run an A/B test on resolution "
        "rate, and hand low-confidence replies to a human agent."
    )
    question = "How would you design an AI customer-service bot and measure it?"
    score = score_answer(question, answer, free(question, "en"), "en")
    assert len(score.covered) >= 2
    assert len({c["quote"] for c in score.covered}) == 1
    feedback = score.feedback.splitlines()
    assert sum("you wrote" in line for line in feedback) == 1
    assert sum("from the same sentence, quoted above" in line for line in feedback) == (
        len(score.covered) - 1
    )
