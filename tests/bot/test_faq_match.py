"""The FAQ matcher: a question answered by an entry only when it asks the same thing."""

from __future__ import annotations

from bot.faq_match import FaqMatcher, understood_alike
from bot.understand import AgencyIndex

INDEX = AgencyIndex(["淮安市人民政府", "淮安市洪泽区人民政府", "上海市科学技术委员会"])
LATEST = {"淮安市人民政府": 2024, "淮安市洪泽区人民政府": 2024, "上海市科学技术委员会": 2024}


def test_questions_sharing_most_words_but_asking_another_thing_differ():
    entry = "淮安市人民政府2024年收到多少件政府信息公开申请？"
    for other in ("淮安市人民政府2023年收到多少件政府信息公开申请？",       # another year
                  "洪泽区人民政府2024年收到多少件政府信息公开申请？",       # another agency
                  "淮安市人民政府2024年予以公开的申请有多少件？",           # another row
                  "淮安市人民政府2024年自然人提出的申请有多少件？"):        # another column
        assert not understood_alike(other, entry, INDEX, LATEST), other
    fees = "淮安市人民政府2024年行政事业性收费金额是多少？"
    assert not understood_alike("淮安市人民政府2024年行政事业性收费项目有多少项？", fees, INDEX, LATEST)
    news = "淮安市人民政府2024年召开了多少场新闻发布会？"
    assert not understood_alike("淮安市人民政府2024年召开了多少场新闻通气会？", news, INDEX, LATEST)


def test_paraphrases_are_understood_alike():
    entry = "淮安市人民政府2024年收到多少件政府信息公开申请？"
    assert understood_alike("淮安市政府2024年一共收到了几件信息公开申请", entry, INDEX, LATEST)
    # no year named: the agency's latest report, which is the entry's year
    assert understood_alike("上海科委信息公开的咨询电话多少", "上海市科委2024年政府信息公开咨询电话是多少？",
                            INDEX, LATEST)
    assert not understood_alike("上海科委信息公开的咨询电话多少", "上海市科委2023年政府信息公开咨询电话是多少？",
                                INDEX, {"上海市科学技术委员会": 2024})


def test_match_uses_text_variants_and_meaning(embedder):
    m = FaqMatcher(embedder)
    m.load([{"id": 1, "question": "淮安市人民政府2024年收到多少件政府信息公开申请？", "variants": ["淮安申请量"]},
            {"id": 2, "question": "洪泽区人民政府2024年政府信息公开联系电话是多少？", "variants": []}], INDEX, LATEST)
    assert m.match("淮安申请量") == 1                                   # a variant, word for word
    assert m.match("淮安市政府2024年收到了多少件政府信息公开申请") == 1  # close in meaning, understood alike
    assert m.match("洪泽区政府2024年信息公开的联系电话是多少") == 2
    assert m.match("淮安市人民政府2024年予以公开多少件") is None        # shares words, asks another cell
    assert m.match("洪泽区人民政府2024年政府信息公开联系地址在哪") is None
