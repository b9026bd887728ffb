"""Every refusal rule against ordinary questions holding its words (issue 14).

For each rule (bot/lexicon.py, applied by bot/service.py): questions it must
refuse, with the rule's own refusal, and ordinary questions holding the same
trigger words that the bundled sample report (2020 泉州台商投资区规划建设与交通
运输局, 2019 template) answers, which it must not refuse.
"""

from __future__ import annotations

import pytest

from prompts import answers as T
from tests.conftest import SAMPLE

AGENCY = "泉州台商投资区规划建设与交通运输局"
PHONE = "0595-27396608"

# The rule's refusal as the answer shows it
PERSONAL, OPINION, OFF_TOPIC, LANGUAGE = (T.REFUSE_PERSONAL, T.REFUSE_OPINION, T.REFUSE_OFF_TOPIC,
                                          T.REFUSE_LANGUAGE)
NOT_IN_REPORT = "中没有载明这一信息"


def by(topic: str) -> str:
    """REFUSE_NOT_BROKEN_DOWN's words for one dimension or topic."""
    return f"不按“{topic}”分类统计"


CHANNEL = "申请方式（网上、信函、当面等）"

# (question, what the answer holds) — the rule refuses, with its own refusal
MUST_REFUSE = [
    # personal data: somebody's particulars asked for
    pytest.param("规建交局局长的手机号是多少？", PERSONAL, id="personal-official-mobile"),
    pytest.param("规建交局2020年的申请人叫什么名字？", PERSONAL, id="personal-applicant-name"),
    pytest.param("规建交局2020年申请人住在哪里？", PERSONAL, id="personal-applicant-home"),
    pytest.param("规建交局2020年申请人的电话是多少？", PERSONAL, id="personal-applicant-phone"),
    pytest.param("规建交局2020年申请人的身份证号是多少？", PERSONAL, id="personal-id-number"),
    # opinion or forecast
    pytest.param("你觉得这个局工作做得好不好？", OPINION, id="opinion-you-think"),
    pytest.param("你看规建交局明年会收到多少申请？", OPINION, id="opinion-in-your-view"),
    pytest.param("规建交局会不会输掉行政诉讼？", OPINION, id="opinion-lose-case"),
    pytest.param("预计规建交局明年会收到多少申请？", OPINION, id="opinion-forecast"),
    # a task for GovQA, not a question on the reports
    pytest.param("帮我写一封给规建交局的信息公开申请书", OFF_TOPIC, id="task-write-letter"),
    pytest.param("帮我起草一份给规建交局的政府信息公开申请", OFF_TOPIC, id="task-draft"),
    # off topic whatever it mentions
    pytest.param("1+1等于几？", OFF_TOPIC, id="off-topic-sum"),
    pytest.param("今天天气怎么样？", OFF_TOPIC, id="off-topic-weather"),
    # not in Chinese
    pytest.param("How many requests did the planning bureau receive in 2020?", LANGUAGE, id="language-english"),
    # breakdowns no table has
    pytest.param("规建交局2020年申请人里男的女的各多少？", by("性别"), id="breakdown-sex"),
    pytest.param("规建交局2020年女性申请人有几个？", by("性别"), id="breakdown-sex-women"),
    pytest.param("规建交局2020年老年人申请了多少件？", by("年龄"), id="breakdown-age-elderly"),
    pytest.param("规建交局2020年60岁以上的申请人有多少？", by("年龄"), id="breakdown-age-over-60"),
    pytest.param("规建交局2020年通过信函提交的申请有几件？", by(CHANNEL), id="breakdown-channel-letter"),
    pytest.param("规建交局2020年当面申请的有多少？", by(CHANNEL), id="breakdown-channel-in-person"),
    pytest.param("规建交局2020年申请人中外地人有多少？", by("申请人身份"), id="breakdown-identity-nonlocal"),
    pytest.param("规建交局2020年申请人里少数民族有几个？", by("申请人身份"), id="breakdown-identity-ethnic"),
    pytest.param("规建交局2020年每个月收到多少申请？", by("月份"), id="breakdown-month-each"),
    pytest.param("规建交局2020年几月份收到的申请最多？", by("月份"), id="breakdown-month-which-most"),
    pytest.param("规建交局2020年上半年新收多少申请？", by("月份"), id="breakdown-month-half-year"),
    pytest.param("规建交局2020年1-6月收到多少申请？", by("月份"), id="breakdown-month-span"),
    # a topic the tables do not count by
    pytest.param("规建交局2020年涉及征地拆迁的申请有几件？", by("征地拆迁"), id="topic-land-requisition"),
    # who filed them, where no column says so
    pytest.param("规建交局2020年那8件申请里有多少是开发商提的？", by("开发商"), id="topic-who-filed"),
    # details the tables count but do not list
    pytest.param("规建交局2020年行政诉讼纠正的分别是哪些部门？", NOT_IN_REPORT, id="details-which-departments"),
]

# (question, the rule's refusal it must not give, what the answer holds) — the report answers
ORDINARY = [
    # personal-data words: the agency's line, what an asker can use, the report's own words
    pytest.param("规建交局的咨询电话是多少？", PERSONAL, PHONE, id="personal-words:agency-phone"),
    pytest.param("规建交局的申请人可以通过什么联系方式咨询？", PERSONAL, PHONE, id="personal-words:applicant-contacts-agency"),
    pytest.param("规建交局申请人可以留什么联系方式？", PERSONAL, PHONE, id="personal-words:contact-to-leave"),
    pytest.param("规建交局哪些信息因涉及个人隐私不公开？", PERSONAL, "个人隐私", id="personal-words:privacy"),
    pytest.param("规建交局的政务公开门户网站依托的网站叫什么名字？", PERSONAL, "www.qzts.gov.cn",
                 id="personal-words:name-of-a-website"),
    # opinion words: 你看看 / 你看一下 look something up; 怎么样 / 评价 in a question the report answers
    pytest.param("你看看规建交局2020年新收了多少申请？", OPINION, "8件", id="opinion-words:look-up-count"),
    pytest.param("你看一下规建交局的电话是多少？", OPINION, PHONE, id="opinion-words:look-up-phone"),
    pytest.param("规建交局的政策解读质量怎么样？", OPINION, "质量不高", id="opinion-words:how-is-quality"),
    pytest.param("规建交局政务公开工作的成效怎么样？", OPINION, "明显成效", id="opinion-words:how-are-results"),
    pytest.param("规建交局对政策解读工作的评价是什么？", OPINION, "政策解读", id="opinion-words:assessment"),
    # task words: the report's own drafting
    pytest.param("规建交局起草政策时坚持什么原则？", OFF_TOPIC, "谁起草、谁解读", id="task-words:drafting-principle"),
    pytest.param("规建交局在起草公文时如何明确公开属性？", OFF_TOPIC, "是否应当公开", id="task-words:drafting-documents"),
    # off-topic words: a phone number's dash, a whole-year span, 系统 that is not a system prompt
    pytest.param("规建交局的电话0595-27396608是咨询电话吗？", OFF_TOPIC, PHONE, id="off-topic-words:phone-dash"),
    pytest.param("规建交局2020年1-12月主动公开了多少条政府信息？", OFF_TOPIC, "204条", id="off-topic-words:whole-year"),
    pytest.param("规建交局用什么系统开发政务公开审批模块？", OFF_TOPIC, "OA系统", id="off-topic-words:system"),
    # Latin words beside Chinese ones
    pytest.param("规建交局 email address?", LANGUAGE, "qz27396608@163.com", id="language-words:email"),
    # breakdown words about the asker, or about something other than the requests
    pytest.param("我是女性，想知道规建交局2020年新收了多少件申请？", by("性别"), "8件", id="sex-words:about-asker"),
    pytest.param("我70岁了，规建交局2020年新收了多少申请？", by("年龄"), "8件", id="age-words:about-asker"),
    pytest.param("规建交局2020年在网上公开的规范性文件有多少件？", by(CHANNEL), "5", id="channel-words:published-online"),
    pytest.param("规建交局2020年在政府采购网上公开了多少条采购信息？", by(CHANNEL), "38条", id="channel-words:procurement-site"),
    pytest.param("规建交局的年报可以在网上下载吗？", by(CHANNEL), "www.qzts.gov.cn", id="channel-words:download-report"),
    pytest.param("规建交局信息公开前审查如何实现全程在线审查？", by(CHANNEL), "审查", id="channel-words:online-review"),
    pytest.param("我是外地人，规建交局2020年收到多少申请？", by("申请人身份"), "8件", id="identity-words:about-asker"),
    pytest.param("规建交局2020年1-12月收到多少申请？", by("月份"), "8件", id="month-words:whole-year"),
    pytest.param("规建交局2020年部门预算是几月份公开的？", by("月份"), "2020年1月", id="month-words:when-budget-published"),
    pytest.param("规建交局2020年11月梳理了多少项行政许可？", by("月份"), "183项", id="month-words:month-the-prose-gives"),
    # topic words the report itself counts by
    pytest.param("规建交局2020年关于保障性住房的政策文件有多少条？", by("保障性住房"), "保障性住房", id="topic-words:housing"),
    pytest.param("规建交局2020年针对行政许可的处理决定有多少件？", by("行政许可"), "753", id="topic-words:licensing"),
    pytest.param("规建交局2020年的申请有多少是自然人提的？", by("自然人"), "8件", id="topic-words:a-column-who-filed"),
    # detail words whose answer the table holds: the refusal reasons are its rows
    pytest.param("规建交局2020年无法提供的申请是什么原因？", NOT_IN_REPORT, "不掌握", id="details-words:unavailable-reason"),
    pytest.param("规建交局2020年不予公开的申请是什么原因？", NOT_IN_REPORT, "国家秘密", id="details-words:denied-reason"),
    pytest.param("规建交局2020年行政许可信息通过哪个部门的网站公开？", NOT_IN_REPORT, "管委会网站", id="details-words:which-site"),
]


@pytest.mark.parametrize("question, refusal", MUST_REFUSE)
def test_rule_refuses(service, question, refusal):
    r = service.ask(question)
    assert r["refused"], (question, r["answer"])
    assert refusal in r["answer"], (question, r["answer"])
    assert not r["citations"]


@pytest.mark.parametrize("question, refusal, holds", ORDINARY)
def test_ordinary_question_with_the_words_is_answered(service, question, refusal, holds):
    r = service.ask(question)
    assert not r["refused"], (question, r["answer"])
    assert refusal not in r["answer"], (question, r["answer"])
    assert holds in r["answer"], (question, r["answer"])
    assert r["citations"]


def test_online_applications_refused_though_a_passage_says_online(service):
    r = service.ask("规建交局2020年网上申请的有多少件？")
    assert r["refused"] and by(CHANNEL) in r["answer"], r["answer"]


# A report whose agency name holds a breakdown word (民族) and whose prose says what an
# applicant must provide (身份证明): the sample under another name, one sentence added.
VARIANT_AGENCY = "泉州台商投资区民族宗教事务局"
VARIANT_SENTENCE = "申请人提交政府信息公开申请时需要提供身份证明。"


@pytest.fixture(scope="module")
def variant(service, tmp_path_factory):
    text = SAMPLE.read_text(encoding="utf-8").replace(AGENCY, VARIANT_AGENCY)
    text = text.replace("4.开展培训、提高水平。", VARIANT_SENTENCE + "\n4.开展培训、提高水平。", 1)
    assert VARIANT_SENTENCE in text
    p = tmp_path_factory.mktemp("variant") / "2020_minzong.txt"
    p.write_text(text, encoding="utf-8")
    service.ingest_file(p)
    try:
        yield service
    finally:
        service.remove(f"2020-{VARIANT_AGENCY}")


@pytest.mark.parametrize("question, refusal, holds", [
    pytest.param(f"{VARIANT_AGENCY}2020年新收了多少件政府信息公开申请？", by("申请人身份"), "8件",
                 id="identity-words:in-agency-name"),
    pytest.param(f"向{VARIANT_AGENCY}申请政府信息公开需要提供身份证明吗？", PERSONAL, "身份证明",
                 id="personal-words:id-to-provide"),
])
def test_ordinary_question_on_a_report_holding_the_words(variant, question, refusal, holds):
    r = variant.ask(question)
    assert not r["refused"], (question, r["answer"])
    assert refusal not in r["answer"], (question, r["answer"])
    assert holds in r["answer"], (question, r["answer"])


@pytest.mark.parametrize("question, refusal", [
    pytest.param(f"{VARIANT_AGENCY}2020年申请人的身份证号是多少？", PERSONAL, id="personal-id-number"),
    pytest.param(f"{VARIANT_AGENCY}2020年申请人的民族分布是多少？", by("申请人身份"), id="breakdown-identity-ethnic"),
])
def test_rule_refuses_on_a_report_holding_the_words(variant, question, refusal):
    r = variant.ask(question)
    assert r["refused"] and refusal in r["answer"], (question, r["answer"])


def test_an_agencys_own_name_asked_is_no_ones_personal_data():
    from bot.lexicon import PERSONAL_DATA
    assert PERSONAL_DATA.search("广州市交通运输局以前叫什么名字?") is None
    assert PERSONAL_DATA.search("那个街道办事处的全称叫什么名字") is None
    assert PERSONAL_DATA.search("交通运输局那个组长叫什么名字？") is not None
