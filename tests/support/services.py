"""A real GovQAService over its own embedded store, for tests that need reports
other than the session's corpus."""

from __future__ import annotations


def fresh_service(embedder, home):
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.store import Store

    settings = Settings(home=home, model_dir=embedder.model_path.parent)
    return GovQAService(settings, embedder, Store(settings, embedder))
