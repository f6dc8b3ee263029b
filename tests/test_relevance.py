"""The "not covered" rule on the bundled corpus: on-topic questions in both
languages reach relevant passages, off-topic ones (recipes, football, weather) do not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coach.ingest import ingest
from coach.relevance import (
    DEFAULT_RULE,
    _asked_answers,
    _shown_as_answer,
    decide,
    is_mixed,
    parse_question,
    states_answer,
)
from coach.retrieval import Passage, Retriever
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


def test_on_topic_questions_are_not_declined(
    corpus_settings: Settings, retrieval_set: list[dict[str, object]]
) -> None:
    retriever = Retriever(corpus_settings)
    questions = [str(case["query"]) for case in retrieval_set] + ON_TOPIC_EXTRA
    declined = [q for q in questions if not decide(q, retriever).covered]
    assert declined == []


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_are_declined(corpus_settings: Settings, question: str) -> None:
    retriever = Retriever(corpus_settings)
    assert retriever.search(question, 5), "retrieval always returns its top-k"
    decision = decide(question, retriever)
    assert decision.verdict == "declined"
    assert decision.passages == []


def test_each_language_pair_has_its_own_bar() -> None:
    # e5 scores a Chinese pair higher than an English pair, and both higher than a
    # cross-language pair, related or not.
    zh, en, cross = (DEFAULT_RULE.bar(*pair) for pair in (("zh", "zh"), ("en", "en"), ("en", "zh")))
    assert cross.strong < en.floor < zh.floor
    assert DEFAULT_RULE.bar("zh", "en") == cross


# -- the one decision (coach.relevance.decide) ------------------------------------------

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def library(corpus_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Retriever:
    """The library (corpus articles and the coach's notes) plus one learner's uploads,
    in a copy of the shared index."""
    home = tmp_path_factory.mktemp("decide-home")
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest(sorted((DATA / "uploads").iterdir()), settings, owner=LEARNER)
    return Retriever(settings)


LEARNER = "learner-a"


@pytest.mark.parametrize(
    "question",
    [
        "how do I cook 红烧肉",  # code-switched
        "周末去 Paris 玩，what should I pack？",
        "qwertyuiop asdf",  # keyboard mash
        "啊啊啊啊哈哈哈嗯嗯",
        "快速排序的时间复杂度是多少？",  # neighbouring, uncovered
        "怎么申请软件著作权？需要准备哪些材料？",
        "Excel里怎么做数据透视表？",
        "React 里 useEffect 的依赖数组怎么写？",  # neighbouring and code-switched
        # Names nothing specific; shares one everyday word ("train") with a Chinese
        # passage near the cross-language floor (related reading before _stands_alone).
        "What's a good plan to train for my first 10k run?",
    ],
)
def test_out_of_scope_questions_are_declined_with_what_is_covered(
    library: Retriever, question: str
) -> None:
    decision = decide(question, library)
    assert decision.verdict == "declined"
    assert decision.passages == []
    # The decline names two or three titles/sections the library does cover.
    assert 2 <= len(decision.nearest) <= 3
    assert len(set(decision.nearest)) == len(decision.nearest)


def test_a_passage_that_states_the_answer_is_the_answer(library: Retriever) -> None:
    decision = decide("召回率和精确率分别怎么计算？", library)
    assert decision.verdict == "answer"
    # The concept note's formula (it writes "TP ÷ (TP + FN)"; the stand-in note this test
    # was first written on wrote "TP /（TP + FN）").
    formula = re.compile(r"TP\s*[÷/]\s*[(（]\s*TP\s*\+\s*FN")
    assert any(p.is_note and formula.search(p.text) for p in decision.answering)


def test_states_answer_needs_the_kind_of_statement_asked_for(library: Retriever) -> None:
    question = parse_question("召回率怎么计算？", library.texts(None))
    assert question.ask == "formula"
    defines = library.search("召回率是什么", 5)
    formula = [p for p in defines if "TP" in p.text]
    # A corpus passage that only names the metric ("风控准确率/召回率") does not compute it.
    naming_only = [
        p for p in defines if p.kind == "article" and "召回率" in p.text and "=" not in p.text
    ]
    assert formula
    assert all(states_answer(question, p) for p in formula)
    assert all(not states_answer(question, p) for p in naming_only)


def test_code_switched_questions_are_detected() -> None:
    assert is_mixed("how do I cook 红烧肉")
    assert not is_mixed("What is recall?")
    assert not is_mixed("召回率是什么")
    assert not is_mixed("AI产品经理薪资")


def test_an_english_upload_is_found_from_a_chinese_question_by_its_owner_only(
    library: Retriever,
) -> None:
    question = "推荐系统上线做A/B测试时，除了点击率还要盯哪些护栏指标？"
    mine = library.search(question, 5, owner=LEARNER)
    assert any(p.source == "recommender-evaluation.en.md" for p in mine)
    for owner in (None, "learner-b"):
        theirs = library.search(question, 5, owner=owner)
        assert all(p.owner in ("", None) for p in theirs)
        assert not any(p.source.endswith("recommender-evaluation.en.md") for p in theirs)


def test_a_chinese_upload_is_found_from_an_english_question(library: Retriever) -> None:
    question = "What confidence threshold should trigger a handoff from the bot to a person?"
    hits = library.search(question, 5, owner=LEARNER)
    assert any(p.source == "handoff-design.zh.md" for p in hits)


# -- Neighbouring subjects and everyday wording ------------------------------------------
#
# Written for this check, not taken from the bench sets. (An English rule that declined
# questions naming no known concept and a word the library never uses was tried and
# taken out: on the fresh blind set, tests/data/retrieval_blind2.jsonl, it declined two
# more in-scope English questions, "a lending product ... rejected applicant" and
# "complex model or cleaner data", for one more out-of-scope one.)


@pytest.mark.parametrize(
    "question",
    [
        "梯度下降是怎么找到损失函数最小值的？",
        "diffusion model 是怎么一步步把噪声变成图片的？",  # code-switched
        "用 Docker 部署 Flask 应用要注意什么？",
    ],
)
def test_the_same_subjects_in_chinese_and_code_switched_are_declined(
    library: Retriever, question: str
) -> None:
    assert decide(question, library).verdict == "declined"


@pytest.mark.parametrize(
    "question",
    [
        # The PM role itself is the library's subject, whatever else the question says
        # ("earn" is a word the library never uses; the Chinese articles answer it).
        "Do AI product managers earn more than software engineers?",
        # An interview question type named by a framework note's title: the example's
        # subject (elderly people, podcasts) is not what the question is about.
        "Design a product that helps elderly people take their medication on time.",
        "How would you improve a podcast app?",
        # Everyday words for a covered concept, close to its English note.
        "Why do chatbots confidently make things up?",
        # A concept in a plural the glossary does not list ("recommendations").
        "Why would a retailer's recommendations keep showing the same bestsellers?",
        # The same in Chinese and code-switched.
        "推荐系统上线后怎么判断效果好不好？",
        "做 AI 产品时，MVP 应该怎么做？",
    ],
)
def test_in_scope_questions_in_everyday_words_are_not_declined(
    library: Retriever, question: str
) -> None:
    assert decide(question, library).covered


@pytest.mark.parametrize(
    ("upload", "question", "library_covers"),
    [
        # e5 puts the question far from the upload (0.76, under the cross-language
        # floor) and under half its words are glossary terms, yet the upload names
        # both of its AI-PM concepts (会议纪要, 待办事项) and shares them strongly.
        (
            "uploads_blind/meeting-minutes-evaluation.zh.md",
            "For meeting notes, when does an action item count as right?",
            False,
        ),
        # One concept (hand-off, 转人工), shared strongly, below the floor: enough for
        # the learner's own upload, which was uploaded to be asked about (declined
        # when two concepts were needed, as for the library).
        (
            "uploads/handoff-design.zh.md",
            "What does the hand-off design doc say about measuring it after launch?",
            False,
        ),
        # No glossary term: the dictionary joins "wake", "distance" and "noise" to the
        # upload's 唤醒, 距离 and 噪声 (coach.dictionary); e5 alone puts it at 0.79.
        # Without the upload, the hallucination note's worked example passes as related
        # reading: its written questions (measuring the hallucination rate before
        # launch, what a golden set holds) come 0.865 close, over ASKED_ALONE, and it
        # shares "testing", "include" and "word". A known leak; asking that path for a
        # shared uncommon word declined 8 more out-of-scope questions of the seen sets,
        # but 2 in-scope ones too.
        (
            "uploads_blind5/voice-wake-word-evaluation.zh.md",
            "How far away and how much background noise should wake-word testing include?",
            True,
        ),
        # A Chinese question on an English upload that translated words reach
        # ("twins", "merged").
        (
            "uploads_blind7/photo-face-grouping-evaluation.en.md",
            "相册里的双胞胎被合并成同一个人了怎么办",
            False,
        ),
        # A Chinese question on an English upload: its best Chinese passage (0.883)
        # stays under the bar a covered topic's Chinese passage reaches, as the library
        # has no Chinese text on code review; the learner's English upload is 0.850.
        (
            "uploads_blind4/ai-code-review-evaluation.en.md",
            "怎么知道AI代码评审工具漏掉了多少真实的bug？",
            True,  # the notes on recall and bad cases are related reading
        ),
    ],
)
def test_a_question_on_a_learners_upload_in_the_other_language_is_covered(
    corpus_home: Path, tmp_path: Path, upload: str, question: str, library_covers: bool
) -> None:
    """On topic for its owner; another learner, who cannot see the upload, never gets
    it, and is declined unless the library itself has related reading."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest([DATA / upload], settings, owner=LEARNER)
    retriever = Retriever(settings)
    decision = decide(question, retriever, owner=LEARNER)
    assert decision.covered
    assert Path(upload).name in [p.source for p in decision.passages]
    other = decide(question, retriever, owner="learner-b")
    assert Path(upload).name not in [p.source for p in other.passages + other.retrieved]
    assert other.covered == library_covers


@pytest.mark.parametrize(
    "question",
    [
        # One translated word is not a topic: "noise" alone would reach the upload.
        "How do diffusion models turn random noise into an image step by step?",
        "How do noise-cancelling headphones work?",
    ],
)
def test_one_translated_word_does_not_put_an_upload_on_topic(
    corpus_home: Path, tmp_path: Path, question: str
) -> None:
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest([DATA / "uploads_blind5/voice-wake-word-evaluation.zh.md"], settings, owner=LEARNER)
    assert decide(question, Retriever(settings), owner=LEARNER).verdict == "declined"


def test_a_word_and_its_own_translation_in_one_question_are_one_word(
    corpus_home: Path, tmp_path: Path
) -> None:
    """ "customer" and 客户 in one code-switched question name one thing: they are not
    two translated words reaching the learner's English support-bot upload."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest([DATA / "uploads_blind/support-chatbot-evaluation.en.md"], settings, owner=LEARNER)
    question = "客户旅程地图（customer journey map）包含哪些要素？"
    assert decide(question, Retriever(settings), owner=LEARNER).verdict == "declined"


@pytest.mark.parametrize(
    "question",
    [
        "Can you list the 十八道工序 of 用户数据脱敏?",
        "用户数据脱敏 has eighteen steps — what are they?",
    ],
)
def test_a_question_quoting_the_library_is_not_declined(library: Retriever, question: str) -> None:
    """The article only names "用户数据脱敏的十八道工序": related reading, not an answer,
    and not a decline (the code-switched question is 0.871 from it in e5's space, under
    the bar a covered topic's Chinese passage reaches)."""
    decision = decide(question, library)
    assert decision.verdict == "related"
    assert any("脱敏" in p.text for p in decision.related)


@pytest.mark.parametrize(
    "question",
    [
        # Five Han characters of a passage in a row, but with a question word among them.
        "MySQL 线上出现死锁了，怎么排查是哪两条语句冲突？",
        "Spark 的 shuffle 为什么这么慢，怎么调优？",
    ],
)
def test_question_words_are_not_a_quote(library: Retriever, question: str) -> None:
    assert decide(question, library).verdict == "declined"


def _passage(source: str, heading: str, asked: float, chunk: str) -> Passage:
    return Passage(chunk, source, "t", heading, "text", 0, 4, 0.5, 0.9, 1.0, asked=asked)


def test_sections_of_the_answering_source_within_a_tie_answer_too() -> None:
    """Two sections of the clearly closest source, 0.002 apart, are both the answer
    (the one that states it was the lower one on blind3); a third 0.01 below is not,
    and another source within the margin means no source answers."""
    first = _passage("004.txt", "基础层", 0.922, "a")
    tied = _passage("004.txt", "行业架构", 0.920, "b")
    lower = _passage("004.txt", "应用层", 0.912, "c")
    other = _passage("000.txt", "其他", 0.890, "d")
    assert _asked_answers([first, tied, lower, other]) == [first, tied]
    close = _passage("000.txt", "其他", 0.910, "e")
    assert _asked_answers([first, tied, close]) == []


def test_the_answer_is_shown_only_when_its_source_ranks_first() -> None:
    """Blind8's "How do you test how often a smart speaker wakes up when nobody actually
    said the wake word?" ranked the learner's wake-word upload first; an article
    section that only names wake-up success was the one written for the question, and
    was shown as "the answer". The written questions and the ranking disagree there:
    related reading only. Where they agree, the written-for passage is the answer."""
    upload = _passage("voice-wake-word-evaluation.zh.md", "误唤醒测试怎么做", 0.0, "u")
    section = _passage("000.txt", "2.2 产品思维", 0.886, "s")
    assert _shown_as_answer([upload, section], [section]) == []
    assert _shown_as_answer([section, upload], [section]) == [section]
    assert _shown_as_answer([upload, section], []) == []


def test_rare_english_words_put_an_english_upload_on_topic(
    corpus_home: Path, tmp_path: Path
) -> None:
    """Blind8's m51, an English question on the learner's English upload that names no
    specific AI-PM term: e5 puts the upload at 0.868, just under the English strong
    bar. "wristband" and "lab" are used by few English sources and are not common
    English, so the passage that uses both is on the question's topic."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest([DATA / "uploads_blind8/sleep-stage-tracking-evaluation.en.md"], settings, owner=LEARNER)
    retriever = Retriever(settings)
    question = (
        "For the sleep-tracking wristband, what bar did the team set for how close total"
        " sleep time has to be to the lab?"
    )
    decision = decide(question, retriever, owner=LEARNER)
    assert decision.covered
    assert "sleep-stage-tracking-evaluation.en.md" in [p.source for p in decision.passages]
    assert decide(question, retriever, owner="learner-b").verdict == "declined"


def test_one_translated_word_will_do_when_the_upload_leads_the_ranking(
    corpus_home: Path, tmp_path: Path
) -> None:
    """Blind9's n68: 手环 reaches "wristband" in the learner's English sleep-tracking
    upload, the only translated word (睡眠 and 看书 are everyday words the dictionary
    leaves out), and the upload's passages are the first three retrieved: on topic,
    past the covered-Chinese bar. Another learner, without the upload, is declined."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home / "index", home / "index")
    settings = Settings(home=home)
    ingest([DATA / "uploads_blind8/sleep-stage-tracking-evaluation.en.md"], settings, owner=LEARNER)
    retriever = Retriever(settings)
    question = "睡眠手环会不会把躺在床上看书的时间当成已经睡着了？"
    decision = decide(question, retriever, owner=LEARNER)
    assert decision.covered
    assert "sleep-stage-tracking-evaluation.en.md" in [p.source for p in decision.passages]
    assert decide(question, retriever, owner="learner-b").verdict == "declined"
