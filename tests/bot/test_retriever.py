"""The index as a LangChain retriever, over the real store and model."""

from __future__ import annotations

import pytest

from bot.retriever import GovQARetriever
from tests.conftest import CORPUS

needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not beside the checkout")


@needs_corpus
def test_langchain_retriever_over_the_service_finds_the_named_row(service):
    docs = GovQARetriever(hybrid=service, k=3).invoke("市科委2024年部分公开的申请有多少件？")
    assert docs and docs[0].metadata["report_id"] == "2024-上海市科学技术委员会"
    assert docs[0].metadata["kind"] == "table_row" and "requests.partial." in docs[0].metadata["keys"]
    assert "部分公开" in docs[0].page_content


@needs_corpus
def test_langchain_retriever_over_the_bare_index_keeps_its_report_filter(service):
    only = ["2023-淮安市洪泽区人民政府"]
    docs = GovQARetriever(hybrid=service.retriever, k=8, report_ids=only).invoke("在政府网站平台主动公开政府信息多少条")
    assert docs and {d.metadata["report_id"] for d in docs} == set(only)
    assert any("1136" in d.page_content for d in docs)
