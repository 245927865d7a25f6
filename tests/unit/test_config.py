"""Settings file: values, environment overrides, and secrets kept out of repr and messages."""

from pathlib import Path

import pytest

from curriculum.config import ConfigError, load_settings


def test_reads_file_and_resolves_key_relative_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CURRICULUM_MOODLE_URL", raising=False)
    monkeypatch.delenv("CURRICULUM_MOODLE_TOKEN", raising=False)
    config = tmp_path / "site.toml"
    config.write_text('[moodle]\nurl = "https://m.example"\ntoken = "s3cret-token"\n[certificates]\nkey_file = "k/key.pem"\n')
    settings = load_settings(config)
    assert settings.moodle.url == "https://m.example" and settings.moodle.configured
    assert settings.certificates.key_file == tmp_path / "k" / "key.pem"
    assert "s3cret-token" not in repr(settings)


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "site.toml"
    config.write_text('[moodle]\nurl = "https://file.example"\ntoken = "from-file"\n')
    monkeypatch.setenv("CURRICULUM_MOODLE_TOKEN", "from-env")
    monkeypatch.setenv("CURRICULUM_MOODLE_URL", "https://env.example")
    settings = load_settings(config)
    assert (settings.moodle.url, settings.moodle.token) == ("https://env.example", "from-env")


def test_wrong_type_names_the_key_but_not_the_value(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('[moodle]\ntoken = 12345678\n')
    with pytest.raises(ConfigError) as error:
        load_settings(config)
    assert "'token'" in str(error.value) and "12345678" not in str(error.value)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")
