"""The one settings object, read from the environment (and an optional .env).

Every path the service writes is derived from ``home`` so a test can point the
whole product somewhere else with one variable.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Nothing may reach a model hub at run time; set before transformers is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVQA_", env_file=".env", extra="ignore")

    home: Path = Field(default_factory=lambda: Path("~/.govqa").expanduser())
    model_dir: Optional[Path] = None
    chroma_url: Optional[str] = None
    admin_key: Optional[SecretStr] = None
    wechat_token: Optional[SecretStr] = None
    wechat_aes_key: Optional[SecretStr] = None
    wechat_appid: Optional[str] = None
    llm_url: Optional[str] = None
    llm_model: Optional[str] = None
    llm_key: Optional[SecretStr] = None
    # SQLAlchemy URL of the shared state (govqa/db.py); unset = SQLite under home (resolved_database_url)
    database_url: Optional[str] = None
    log_retention_days: int = 180  # days a logged question and its feedback are kept (govqa/records.py)
    # the question log and the FAQ check before each answer (issue 16); off only to measure what
    # they cost (python -m eval.bench_load --records-ab)
    records: bool = True

    # Extensions (documented in the README); the interface's variables above are fixed.
    portal_url: str = "http://127.0.0.1:8000"
    cors_origins: str = "*"
    max_question_chars: int = 500
    max_upload_bytes: int = 20 * 1024 * 1024
    ask_rate_per_minute: int = 60
    wechat_rate_per_minute: int = 20
    feedback_rate_per_minute: int = 20  # POST /v1/feedback per client address (a citizen rates a few answers)
    log_questions: bool = False
    # torch intra-op threads in the HTTP service (0 = torch's default, one per core). One short
    # query gains nothing from more, and on a busy 2-core host OpenMP's spinning costs ~1 s a query.
    torch_threads: int = 1
    # questions through ONNX Runtime (2x faster, same vectors; ingest/onnx_query.py) or "torch"
    query_backend: str = "onnx"
    llm_timeout_s: float = 10.0  # the optional LLM rephraser's deadline (bot/llm.py); then the extractive answer
    # key of the HMAC that stands for client addresses, OpenIDs and session ids in the database
    # (govqa/db.py); unset = the admin key, else a random key the database keeps
    state_secret: Optional[SecretStr] = None

    @property
    def resolved_model_dir(self) -> Path:
        return (self.model_dir or self.home / "models").expanduser()

    @property
    def embedding_model_path(self) -> Path:
        return self.resolved_model_dir / "multilingual-e5-small"

    @property
    def chroma_path(self) -> Path:
        return self.home.expanduser() / "chroma"

    @property
    def facts_path(self) -> Path:
        """The facts index (SQLite): derived from the store, rebuilt when missing."""
        return self.home.expanduser() / "facts.sqlite3"

    @property
    def resolved_database_url(self) -> str:
        """GOVQA_DATABASE_URL, or SQLite at $GOVQA_HOME/govqa.db (interface.md)."""
        return self.database_url or f"sqlite:///{self.home.expanduser() / 'govqa.db'}"

    @property
    def log_dir(self) -> Path:
        return self.home.expanduser() / "logs"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
