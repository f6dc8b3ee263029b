"""The drill library: enough drills, both languages, nine stages, and every key
point quoting the corpus verbatim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coach.drills import STAGE_IDS, LibraryError, bundled_library, load_library
from coach.drills.library import DRILLS_DIR, STAGES_FILE, Point, load_drill
from coach.errors import BadInput
from tests.conftest import CORPUS


def test_at_least_twelve_drills_each_in_both_languages() -> None:
    lib = bundled_library()
    assert len(lib.drills) >= 12
    assert {d.difficulty for d in lib.drills} == {"easy", "medium", "hard"}
    for drill in lib.drills:
        for lang in ("zh", "en"):
            assert drill.title[lang]
            assert drill.context[lang]
            assert len(drill.constraints[lang]) >= 2
        assert 5 <= drill.minutes <= 120
    ids = [v.id for v in lib.versions()]
    assert len(ids) == len(set(ids)) == 2 * len(lib.drills)


def test_corpus_cases_are_in_the_library() -> None:
    ids = {d.id for d in bundled_library().drills}
    assert {
        "plant-app",
        "diagnosis-aid",
        "customer-service",
        "recommendation",
        "writing-assistant",
    } <= ids


def test_nine_stages_in_order_each_with_prompt_hints_and_rubric() -> None:
    lib = bundled_library()
    assert tuple(s.id for s in lib.stages) == STAGE_IDS
    assert [s.number for s in lib.stages] == list(range(1, 10))
    for stage in lib.stages:
        for lang in ("zh", "en"):
            assert stage.prompt[lang]
            assert stage.hints[lang]
        assert stage.points, stage.id
    for drill in lib.drills:
        for stage in lib.stages:
            assert drill.points_for(stage.id), f"{drill.id} has no point for {stage.id}"


def _all_points() -> list[tuple[str, Point]]:
    lib = bundled_library()
    shared = [("stages.toml", p) for s in lib.stages for p in s.points]
    return shared + [(f"{d.id}.toml", p) for d in lib.drills for p in d.points]


@pytest.mark.parametrize(("where", "point"), _all_points(), ids=lambda x: getattr(x, "id", x))
def test_every_key_point_quotes_the_corpus_verbatim(where: str, point: Point) -> None:
    source = CORPUS / point.source
    assert source.is_file(), f"{where}: {point.source} is not a corpus file"
    assert point.quote in source.read_text("utf-8"), f"{where}: quote not in {source.name}"


def test_rubric_joins_case_and_shared_points_in_the_drill_language() -> None:
    lib = bundled_library()
    zh, en = lib.find("plant-app-zh"), lib.find("plant-app", "en")
    rubric = lib.rubric(zh, "metrics")
    ids = [p.id for p in rubric.key_points]
    assert ids[:2] == ["accuracy-floor", "usage-retention"]  # the case's own points first
    assert "model-metrics" in ids
    assert rubric.lang == "zh"
    assert "90%" in rubric.key_points[0].text
    assert lib.rubric(en, "metrics").key_points[0].text.startswith("Model bar")
    assert rubric.key_points[0].title  # cited by article title
    assert rubric.question_id == "plant-app-zh/metrics"


def test_find_accepts_versions_and_bare_ids_and_refuses_the_rest() -> None:
    lib = bundled_library()
    assert lib.find("plant-app-en").lang == "en"
    assert lib.find("plant-app").lang == "zh"
    with pytest.raises(BadInput, match="no drill"):
        lib.find("toaster-design")
    with pytest.raises(BadInput, match="is in en"):
        lib.find("plant-app-en", "zh")


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)  # strings, numbers and lists of them


def _write_drill(folder: Path, name: str, change: dict[str, object]) -> Path:
    import tomllib

    data = tomllib.loads((DRILLS_DIR / "plant-app.toml").read_text("utf-8"))
    data.update(change)
    data["id"] = name
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if k != "points"]
    for point in data.get("points", []):
        lines.append("[[points]]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in point.items())
    path = folder / f"{name}.toml"
    path.write_text("\n".join(lines), "utf-8")
    return path


def test_a_valid_drill_file_round_trips(tmp_path: Path) -> None:
    drill = load_drill(_write_drill(tmp_path, "copy", {}))
    assert drill.id == "copy"
    assert len(drill.points) == len(bundled_library().find("plant-app").drill.points)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"difficulty": "brutal"}, "difficulty"),
        ({"minutes": 0}, "minutes"),
        ({"title": {"zh": "只有中文"}}, r"title\.en"),
        ({"points": [{"id": "x", "stage": "goal", "weight": 9}]}, "weight"),
        ({"points": []}, "no key point for stage"),
    ],
)
def test_malformed_drill_files_are_refused_with_the_file_named(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    _write_drill(tmp_path, "broken", change)
    with pytest.raises(LibraryError, match=message) as caught:
        load_library(tmp_path, STAGES_FILE)
    assert "broken.toml" in str(caught.value)


def test_not_toml_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("id = [unclosed", "utf-8")
    with pytest.raises(LibraryError, match=r"bad\.toml is not valid TOML"):
        load_library(tmp_path, STAGES_FILE)
