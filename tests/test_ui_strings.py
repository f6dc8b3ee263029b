"""Fast checks of the web UI's texts, browser state and launch options (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

from coach.settings import Settings
from coach.ui import launch_options
from coach.ui.state import browser_secret, lang_of, new_browser_id, owner_of
from coach.ui.strings import UI as TEXTS
from coach.ui.strings import lang_from_header, t

UI = Path(__file__).resolve().parent.parent / "coach" / "ui"
HAN = re.compile(r"[\u4e00-\u9fff]")
# t("key", ...) and value="key", label="key", placeholder="key" and the axis titles
_PROPS = "value|label|placeholder|x_title|y_title|color_title"
_KEY = re.compile(rf'(?:\bt\(|(?:{_PROPS})=)\s*"([a-z_]+\.[a-z_.]+)"')


def test_every_text_has_chinese_and_english() -> None:
    for key in TEXTS:
        zh, en = TEXTS.pair(key)
        assert zh.strip(), key
        assert en.strip(), key
        punctuation = not re.search(r"\w", zh)  # "：" beside ": "
        assert HAN.search(zh) or zh == en or punctuation, f"{key} has no Chinese: {zh!r}"
        assert not HAN.search(en), f"{key} has Chinese in English: {en!r}"


def test_every_key_the_ui_uses_exists() -> None:
    used = {key for path in UI.glob("*.py") for key in _KEY.findall(path.read_text("utf-8"))}
    assert used, "the pattern found no keys"
    assert sorted(k for k in used if k not in TEXTS) == []


def test_language_from_the_browser_header() -> None:
    assert lang_from_header("zh-CN,zh;q=0.9,en;q=0.8") == "zh"
    assert lang_from_header("en-US,en;q=0.9") == "en"
    assert lang_from_header("fr-FR,en;q=0.5") == "en"
    assert lang_from_header(None) == "zh"
    assert t("tab.chat", "en") == "Chat"
    assert t("tab.chat", "zh") == "问答"


def test_only_ids_the_ui_signed_name_an_owner(tmp_path: Path) -> None:
    issued = new_browser_id(Settings(home=tmp_path / "home"))
    owner, signature = issued.split(".")
    assert owner_of({"id": issued}) == owner
    other = new_browser_id(Settings(home=tmp_path / "home")).split(".")[1]
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    forged_ids = ("", "../x", "a" * 31, "' OR 1=1 --", None, owner, f"{owner}.{other}")
    for forged in (*forged_ids, f"{owner}.{flipped}", f"{'b' * 32}.{signature}"):
        assert owner_of({"id": forged}) is None, forged
    assert owner_of(None) is None
    assert lang_of({"lang": "en"}) == "en"
    assert lang_of({}) == "zh"


def test_browser_secret_is_stable_per_data_directory(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    first = browser_secret(settings)
    assert first == browser_secret(settings)
    assert browser_secret(Settings(home=tmp_path / "other")) != first


def test_launch_binds_localhost_with_an_upload_limit_and_no_footer() -> None:
    options = launch_options(Settings(max_upload_mb=3))
    assert options["server_name"] == "127.0.0.1"
    assert options["max_file_size"] == "3mb"
    assert options["footer_links"] == []
    assert options["run_history"] is False
