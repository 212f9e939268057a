"""The exception tree. Every message names the fix.

NetwerkwijzerError
 ├── ConfigError          a setting has an impossible value
 ├── ModelError           the embedding model cannot be loaded or built
 ├── IndexMissingError    no index yet: run the ingest command
 ├── ModelMismatchError   the index was built with another embedding model
 ├── StoreError           Chroma cannot be reached / opened
 ├── InputError           a question or filter a person sent is not acceptable
 └── LLMError             the configured LLM server failed or is unreachable
"""

from __future__ import annotations


class NetwerkwijzerError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(NetwerkwijzerError):
    pass


class ModelError(NetwerkwijzerError):
    pass


class IndexMissingError(NetwerkwijzerError):
    pass


class ModelMismatchError(NetwerkwijzerError):
    pass


class StoreError(NetwerkwijzerError):
    pass


class InputError(NetwerkwijzerError):
    pass


class LLMError(NetwerkwijzerError):
    pass
