"""The service's own state: parsed reports it keeps between questions."""

from __future__ import annotations

from ingest.parser import parse_file
from tests.conftest import SAMPLE

QUESTION = "泉州台商投资区规划建设与交通运输局2020年新收政府信息公开申请多少件？"


def _fresh_service(embedder, tmp_path):
    from bot.service import GovQAService
    from govqa.settings import Settings
    from ingest.store import Store

    settings = Settings(home=tmp_path, model_dir=embedder.model_path.parent)
    return GovQAService(settings, embedder, Store(settings, embedder))


def test_a_report_replaced_while_serving_is_answered_from_its_new_facts(embedder, tmp_path):
    svc = _fresh_service(embedder, tmp_path)
    report = parse_file(SAMPLE)
    svc.store.add_report(report)
    assert "8件" in svc.ask(QUESTION)["answer"]
    report.values["requests.new.total"] = 999  # the same report, corrected and ingested again
    svc.store.add_report(report)
    assert "999件" in svc.ask(QUESTION)["answer"]


def test_parsed_reports_kept_in_memory_are_bounded(embedder, tmp_path, monkeypatch):
    from bot import service as service_module

    monkeypatch.setattr(service_module, "REPORTS_CACHED", 1)
    svc = _fresh_service(embedder, tmp_path)
    a = parse_file(SAMPLE)
    b = parse_file(SAMPLE)
    b.report_id, b.agency = b.report_id + "-b", "泉州台商投资区另一局"
    svc.store.add_report(a)
    svc.store.add_report(b)
    assert svc.report(a.report_id).values == a.values
    assert svc.report(b.report_id).agency == "泉州台商投资区另一局"
    assert list(svc._reports) == [b.report_id]
    assert svc.report(a.report_id).report_id == a.report_id  # read again from the store
