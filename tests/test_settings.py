from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import Settings, registry

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [env for _, env, _, _ in registry() if env not in text]
    assert not missing, f"settings missing from README: {missing}"


def test_every_setting_has_help():
    assert all(help_text for _, _, _, help_text in registry())


def test_environment_overrides_defaults_with_types():
    s = Settings.from_env({"NETWERKWIJZER_PORT": "9001", "NETWERKWIJZER_DATA_DIR": "/tmp/x",
                           "NETWERKWIJZER_LLM_TIMEOUT": "0.3"})
    assert s.port == 9001 and s.data_dir == Path("/tmp/x") and s.llm_timeout == 0.3
    assert s.chroma_path == Path("/tmp/x/chroma")


def test_explicit_overrides_beat_environment():
    s = Settings.from_env({"NETWERKWIJZER_PORT": "9001"}, port=9002)
    assert s.port == 9002


def test_bad_values_name_the_variable():
    with pytest.raises(ConfigError, match="NETWERKWIJZER_PORT"):
        Settings.from_env({"NETWERKWIJZER_PORT": "eighty"})
    with pytest.raises(ConfigError, match="embedded, http"):
        Settings.from_env({"NETWERKWIJZER_CHROMA_MODE": "cloud"})
