"""Validates the scorer calibration sets (issue #13): tests/data/calibration/{set,holdout}.jsonl.

The files are data written by people; this test keeps them in the shape bench/scoring.py and the
judge read, and keeps the promises made about them (labels per group, sources, languages, a
holdout with questions of its own). `problems()` returns every violation so a failure names all
of them at once; the negative tests below prove each check can fire.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from coach.scoring.frameworks import TYPE_IDS
from coach.settings import PROJECT_ROOT

CALIBRATION = Path(__file__).parent / "data" / "calibration"
SET_FILE = CALIBRATION / "set.jsonl"
HOLDOUT_FILE = CALIBRATION / "holdout.jsonl"
FRAMEWORKS_DIR = PROJECT_ROOT / "coach" / "data" / "frameworks"

# The 15 ids fixed in the shared conventions (the library's list); the frameworks
# data may add more.
BASE_TYPES = frozenset(TYPE_IDS)
FIELDS = frozenset(
    {
        "id",
        "group",
        "question",
        "question_id",
        "type",
        "lang",
        "label",
        "answer",
        "source",
        "real_good",
    }
)
LABELS = frozenset({"strong", "adequate", "weak", "fluff", "non_answer"})
# Labels that must sit above something in bench/scoring.py's pairwise ordering.
UPPER = frozenset({"strong", "adequate"})
LOWER = frozenset({"weak", "fluff", "non_answer"})
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")
ID_PATTERN = re.compile(r"^[a-z]+-\d{2}-(strong|adequate|weak|fluff|non_answer)$")
# Fluff is defined as long and confident: shorter than this is a weak answer, not fluff.
FLUFF_MIN = {"zh": 100, "en": 60}  # characters (zh) / words (en)


def question_types() -> frozenset[str]:
    extra = {p.stem for p in FRAMEWORKS_DIR.glob("*.toml")} if FRAMEWORKS_DIR.is_dir() else set()
    return BASE_TYPES | extra


def bank_questions() -> dict[str, dict[str, str]]:
    from coach.interview import QuestionBank

    return {q.id: {"zh": q.text.zh, "en": q.text.en} for q in QuestionBank.load().questions}


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def cjk_share(text: str) -> float:
    cjk = len(CJK.findall(text))
    latin = len(LATIN.findall(text))
    return cjk / max(1, cjk + latin)


def item_problems(item: dict[str, Any], bank: dict[str, dict[str, str]]) -> list[str]:
    where = item.get("id", "<no id>")
    if set(item) != FIELDS:
        return [f"{where}: fields {sorted(set(item) ^ FIELDS)} missing or unexpected"]
    found: list[str] = []
    if not ID_PATTERN.match(item["id"]) or item["id"] != f"{item['group']}-{item['label']}":
        found.append(f"{where}: id must be '<group>-<label>' with group like 'pd-03'")
    if item["label"] not in LABELS:
        found.append(f"{where}: unknown label {item['label']!r}")
    if item["type"] not in question_types():
        found.append(f"{where}: unknown question type {item['type']!r}")
    if item["lang"] not in ("zh", "en"):
        found.append(f"{where}: lang must be zh or en")
    found.extend(
        f"{where}: empty {field}"
        for field in ("question", "answer")
        if not isinstance(item[field], str) or not item[field].strip()
    )
    if found:
        return found
    share = cjk_share(item["answer"])
    if item["lang"] == "zh" and (share < 0.5 or cjk_share(item["question"]) < 0.5):
        found.append(f"{where}: declared zh but the text is mostly not Chinese")
    if item["lang"] == "en" and (share > 0.02 or cjk_share(item["question"]) > 0.02):
        found.append(f"{where}: declared en but the text contains Chinese")
    qid = item["question_id"]
    if qid is not None:
        if qid not in bank:
            found.append(f"{where}: question_id {qid!r} is not in the question bank")
        elif bank[qid][item["lang"]] != item["question"]:
            found.append(f"{where}: question differs from bank text of {qid} ({item['lang']})")
    source = item["source"]
    if source is not None:
        if not isinstance(source, dict) or set(source) != {"title", "url", "verdict"}:
            found.append(f"{where}: source must have exactly title, url, verdict")
        elif not all(isinstance(v, str) and v.strip() for v in source.values()):
            found.append(f"{where}: source fields must be non-empty text")
        elif not source["url"].startswith(("http://", "https://")):
            found.append(f"{where}: source url must be an http(s) address")
    if not isinstance(item["real_good"], bool):
        found.append(f"{where}: real_good must be true or false")
    elif item["real_good"] and (source is None or item["label"] not in UPPER):
        found.append(f"{where}: real_good needs a source and a strong/adequate label")
    if item["label"] == "fluff":
        size = len(item["answer"]) if item["lang"] == "zh" else len(item["answer"].split())
        if size < FLUFF_MIN[item["lang"]]:
            found.append(f"{where}: fluff must be long ({size} < {FLUFF_MIN[item['lang']]})")
    return found


def problems(items: list[dict[str, Any]], bank: dict[str, dict[str, str]]) -> list[str]:
    found = [p for item in items for p in item_problems(item, bank)]
    if found:
        return found
    for item_id, count in Counter(item["id"] for item in items).items():
        if count > 1:
            found.append(f"{item_id}: id used {count} times")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        groups[item["group"]].append(item)
    for group, members in groups.items():
        shared = {(m["question"], m["question_id"], m["type"], m["lang"]) for m in members}
        if len(shared) > 1:
            found.append(f"{group}: answers disagree on question, question_id, type or lang")
        labels = [m["label"] for m in members]
        if "strong" not in labels or not LOWER & set(labels):
            found.append(f"{group}: needs a strong answer and at least one weak/fluff/non_answer")
        if "fluff" in labels and "weak" not in labels and "adequate" not in labels:
            found.append(f"{group}: a fluff answer needs a weak or adequate neighbour")
    sourced = sum(item["source"] is not None for item in items)
    if 2 * sourced < len(items):
        found.append(f"only {sourced} of {len(items)} items name a public source (need half)")
    questions = {item["question"] for item in items}
    if len(questions) != len(groups):
        found.append("two groups share one question text")
    return found


def mix_problems(items: list[dict[str, Any]], minimum: int, min_types: int) -> list[str]:
    found = []
    if len(items) < minimum:
        found.append(f"{len(items)} items, need at least {minimum}")
    types = {item["type"] for item in items}
    if len(types) < min_types:
        found.append(f"{len(types)} question types, need at least {min_types}")
    langs = Counter(item["lang"] for item in items)
    if min(langs["zh"], langs["en"]) < 0.35 * len(items):
        found.append(f"languages unbalanced: {dict(langs)}")
    labels = Counter(item["label"] for item in items)
    groups = len({item["group"] for item in items})
    found.extend(
        f"too few {label} answers: {labels[label]}"
        for label in ("strong", "weak", "fluff")
        if labels[label] < 0.2 * groups
    )
    if not any(item["question_id"] for item in items):
        found.append("no question from the bank")
    return found


@pytest.fixture(scope="module")
def bank() -> dict[str, dict[str, str]]:
    return bank_questions()


@pytest.fixture(scope="module")
def tuning_set() -> list[dict[str, Any]]:
    return load(SET_FILE)


def test_set_is_valid(tuning_set: list[dict[str, Any]], bank: dict[str, dict[str, str]]) -> None:
    assert problems(tuning_set, bank) == []


def test_set_mix(tuning_set: list[dict[str, Any]]) -> None:
    assert mix_problems(tuning_set, minimum=96, min_types=12) == []


def test_holdout_is_valid_and_apart(
    tuning_set: list[dict[str, Any]], bank: dict[str, dict[str, str]]
) -> None:
    if not HOLDOUT_FILE.exists():
        pytest.skip("holdout.jsonl not written yet")
    holdout = load(HOLDOUT_FILE)
    assert problems(holdout, bank) == []
    assert mix_problems(holdout, minimum=40, min_types=10) == []
    seen_questions = {item["question"] for item in tuning_set}
    seen_ids = {item["id"] for item in tuning_set} | {item["group"] for item in tuning_set}
    seen_bank = {item["question_id"] for item in tuning_set} - {None}
    for item in holdout:
        assert item["question"] not in seen_questions, f"{item['id']}: question is in set.jsonl"
        assert item["id"] not in seen_ids, item["id"]
        assert item["group"] not in seen_ids, item["id"]
        assert item["question_id"] not in seen_bank, f"{item['id']}: bank question in set.jsonl"


# --- the checks themselves can fail -------------------------------------------------------


def broken(items: list[dict[str, Any]], index: int, **changes: Any) -> list[dict[str, Any]]:
    copied = copy.deepcopy(items)
    copied[index].update(changes)
    return copied


def first(items: list[dict[str, Any]], **match: Any) -> int:
    return next(i for i, item in enumerate(items) if all(item[k] == v for k, v in match.items()))


@pytest.mark.parametrize(
    ("match", "changes", "expected"),
    [
        ({"lang": "en"}, {"label": "excellent"}, "unknown label"),
        ({"lang": "en"}, {"type": "trivia"}, "unknown question type"),
        ({"lang": "zh"}, {"lang": "en"}, "declared en"),
        ({"lang": "en"}, {"lang": "zh"}, "declared zh"),
        ({"lang": "en"}, {"question_id": "no-such-q"}, "not in the question bank"),
        ({"lang": "en", "label": "weak"}, {"real_good": True}, "real_good needs"),
        ({"lang": "en"}, {"source": {"title": "x", "url": "ftp://x", "verdict": "v"}}, "http"),
        ({"lang": "en", "label": "fluff"}, {"answer": "Synergy and a flywheel."}, "fluff must"),
        ({"lang": "en"}, {"answer": " "}, "empty answer"),
    ],
)
def test_item_checks_fire(
    tuning_set: list[dict[str, Any]],
    bank: dict[str, dict[str, str]],
    match: dict[str, Any],
    changes: dict[str, Any],
    expected: str,
) -> None:
    found = problems(broken(tuning_set, first(tuning_set, **match), **changes), bank)
    assert any(expected in p for p in found), found


def test_group_and_file_checks_fire(
    tuning_set: list[dict[str, Any]], bank: dict[str, dict[str, str]]
) -> None:
    strong = first(tuning_set, label="strong")
    group = tuning_set[strong]["group"]
    without_strong = [i for i in tuning_set if not (i["group"] == group and i["label"] == "strong")]
    assert any("needs a strong answer" in p for p in problems(without_strong, bank))

    duplicated = [*tuning_set, copy.deepcopy(tuning_set[0])]
    assert any("used 2 times" in p for p in problems(duplicated, bank))

    unsourced = [{**item, "source": None, "real_good": False} for item in tuning_set]
    assert any("public source" in p for p in problems(unsourced, bank))

    other = first(tuning_set, group=group, label="weak")
    drifted = broken(tuning_set, other, type="estimation" if group[:3] != "est" else "behavioural")
    assert any("disagree" in p for p in problems(drifted, bank))

    only_en = [item for item in tuning_set if item["lang"] == "en"]
    assert any("unbalanced" in p for p in mix_problems(only_en, minimum=1, min_types=1))
