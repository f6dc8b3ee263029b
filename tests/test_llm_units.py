"""Language detection, prompt files, token budgets and the model factory."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.budget import Turn, trim_history
from coach.language import detect_language
from coach.llm import ModelNotConfigured, chat_model, describe_backend, mode_of
from coach.prompts import PromptMissing, load_prompt, parse_prompt
from coach.settings import PROJECT_ROOT, Settings


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("AI产品经理日常主要负责哪些工作？", "zh"),
        ("用 KANO 模型排优先级", "zh"),
        ("AI产品经理薪资", "zh"),
        ("What does an AI PM do?", "en"),
        ("What is 召回率?", "en"),
        ("", "en"),
        ("12345 ???", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "name", ["grounded_answer", "not_covered", "offline_answer", "offline_connect"]
)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_chat_prompt_exists_in_both_languages(name: str, language: str) -> None:
    prompt = load_prompt(name, language, PROJECT_ROOT / "prompts")  # type: ignore[arg-type]
    assert prompt.system


def test_grounded_prompt_has_messages_and_placeholders() -> None:
    for language in ("zh", "en"):
        prompt = load_prompt("grounded_answer", language, PROJECT_ROOT / "prompts")
        assert prompt.system
        assert prompt.user
        assert prompt.variables == {"passages", "question"}


def test_prompt_sections_and_missing_file(tmp_path: Path) -> None:
    prompt = parse_prompt("x", "en", "## system\nBe brief.\n\n## user\nQ: {question}\n")
    assert (prompt.system, prompt.user) == ("Be brief.", "Q: {question}")
    with pytest.raises(PromptMissing, match=r"nope\.en\.md"):
        load_prompt("nope", "en", tmp_path)


def test_history_trimmed_oldest_first() -> None:
    turns = []
    for i in range(6):
        turns += [
            Turn("user", f"question {i} " + "x " * 40),
            Turn("assistant", f"answer {i} " + "y " * 40),
        ]
    budget = sum(t.tokens for t in turns[-4:])
    kept = trim_history(turns, budget)
    assert kept == turns[-4:]
    kept = trim_history(turns, budget - 1)
    assert kept == turns[-2:], "no history may start with an assistant turn"
    assert trim_history(turns, 0) == []


def test_offline_without_key_or_base_url() -> None:
    settings = Settings()
    assert mode_of(settings) == "offline"
    assert describe_backend(settings).mode == "offline"
    assert "OPENAI_API_KEY" in describe_backend(settings).describe()
    with pytest.raises(ModelNotConfigured):
        chat_model(settings)


def test_factory_uses_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("COACH_MODEL", "qwen-plus")
    monkeypatch.setenv("COACH_REQUEST_TIMEOUT", "12")
    monkeypatch.setenv("COACH_MAX_RETRIES", "5")
    settings = Settings()
    model = chat_model(settings)
    assert model.model_name == "qwen-plus"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.request_timeout == 12
    assert model.max_retries == 5
    # Servers such as llama.cpp only read max_tokens.
    assert model.extra_body == {"max_tokens": settings.answer_tokens}
    backend = describe_backend(settings)
    assert backend.as_dict() == {
        "mode": "llm",
        "model": "qwen-plus",
        "endpoint": "http://127.0.0.1:9/v1",
        "key_set": False,
    }
