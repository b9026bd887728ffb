"""Chat conversations as citizens hold them: each turn leans on the one before (结果呢,
上一年呢, 少了多少, 为什么), over real wild reports and one invented ethnic township."""

from __future__ import annotations

import uuid

import pytest

from tests.bot.test_small_prose_reports import _serving
from tests.conftest import CORPUS

WILD = CORPUS / "wild"
needs_wild = pytest.mark.skipif(not WILD.exists(), reason="../shared/corpus/wild not beside the checkout")

# an ethnic township's short report with no title line: its name printed whole only with its
# county and nationality (某河县某北回族乡), then called 我乡
ETHNIC_TOWNSHIP = (
    "某河县某北回族乡依据《中华人民共和国政府信息公开条例》要求,结合我乡2018年政府信息公开实际情况,党政办公室编制完成了"
    "《某北回族乡信息公开2018年度工作报告》,其中涉及到的数据均为2018年1月1日—2018年12月31日统计数据。"
    "乡党政办公室联系电话0552—5851234。\n"
    "一、某北回族乡2018年政府信息公开基本情况\n2018年,我乡认真贯彻落实《条例》精神。\n"
    "二、某北回族乡主动公开政府信息情况\n主动公开信息总数:2018年主动公开政府信息1092条。\n"
    "三、政府信息公开收费及减免情况\n2018年,我乡无政府信息公开收费及减免情况。\n"
    "四、依申请公开政府信息情况\n2018年度我乡没有收到依申请公开。\n"
    "五、政府信息公开工作存在的主要问题及改进措施\n(一)存在的问题\n1.信息发布的标题、格式等存在不规范的情况。\n"
    "2.部分栏目更新信息不多。\n(二)改进措施\n1.认真审核发布信息的内容。\n2.继续推进各个板块信息的更新数量。\n")


@pytest.fixture(scope="module")
def ethnic(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("ethnic"), linbei=ETHNIC_TOWNSHIP)


def test_an_ethnic_township_is_filed_whole_under_its_county_and_found_without_its_nationality(ethnic):
    assert [r["report_id"] for r in ethnic.reports()] == ["2018-某河县某北回族乡"]
    for question in ("某北回族乡18年主动公开了多少条政府信息", "某北乡2018年主动公开了多少条信息",
                     "某河县某北乡主动公开了多少条"):
        got = ethnic.ask(question)
        assert "1092条" in got["answer"], (question, got["answer"])


def test_a_short_prose_report_answers_in_its_own_words_and_is_silent_where_it_says_nothing(ethnic):
    got = ethnic.ask("某北回族乡信息公开工作存在哪些问题")
    assert "不规范" in got["answer"] and "更新信息不多" in got["answer"] and "审核" not in got["answer"]
    got = ethnic.ask("某北乡2018年有没有人找他们申请政府信息公开")
    assert "没有收到" in got["answer"]
    got = ethnic.ask("某北回族乡收费吗？2018年收了多少钱")
    assert "无政府信息公开收费" in got["answer"]
    got = ethnic.ask("某北回族乡这份年报是哪个部门编的，在哪能看到？")
    assert "党政办公室" in got["answer"]
    # the report never mentions a WeChat account: no sentence about 发布 answers for it
    got = ethnic.ask("某北回族乡有没有政务微信公众号发布信息？")
    assert got["refused"], got["answer"]


@pytest.fixture(scope="module")
def wild(embedder, tmp_path_factory):
    if not WILD.exists():
        pytest.skip("../shared/corpus/wild not beside the checkout")
    from tests.bot.test_small_prose_reports import fresh_service

    svc = fresh_service(embedder, tmp_path_factory.mktemp("wild_conv"))
    for name in ("2022_sanming_shi-renmin-zhengfu.txt", "2024_sanming_shi-renmin-zhengfu.txt",
                 "2021_pingtan_jiaotong-jianshe-ju.txt", "2023_pingtan_caizheng-jinrong-ju.txt",
                 "2022_putian_shi-minzongju.txt", "2013_pingtan_difang-shuiwu-ju.txt",
                 "2013_pingtan_shiyanqu-guanweihui.txt", "2017_pingtan_shiyanqu-guanweihui.txt"):
        svc.ingest_file(WILD / name)
    return svc


def _talk(svc, *turns: str) -> list[dict]:
    sid = uuid.uuid4().hex
    return [svc.ask(t, session_id=sid) for t in turns]


def test_results_asked_after_a_count_give_the_outcomes_that_hold_cases(wild):
    *_, got = _talk(wild, "平潭交建局21年收到几件信息公开申请", "结果呢")
    assert "予以公开3件" in got["answer"] and "部分公开1件" in got["answer"] and "不掌握相关政府信息1件" in got["answer"]
    assert "0件" not in got["answer"]           # the empty rows are left out
    *_, got = _talk(wild, "三明市24年因为信息公开被复议了几件", "结果呢")
    assert "结果维持3件" in got["answer"] and "尚未审结1件" in got["answer"]
    # the same asked outright, "怎么样" and all
    got = wild.ask("三明市24年行政复议结果怎么样")
    assert "结果维持3件" in got["answer"]
    got = wild.ask("平潭交建局21年收到的信息公开申请都是怎么答复的")
    assert "予以公开3件" in got["answer"]


def test_a_follow_up_asking_its_own_topic_or_a_reason_does_not_repeat_the_figure(wild):
    first, fees, why = _talk(wild, "三明市24年因为信息公开被复议了几件", "那年收没收信息处理费", "为什么复议这么多")
    assert "无收取信息处理费" in fees["answer"]
    # the report gives no reason: said plainly, no figure offered instead
    assert why["refused"] and "4件" not in why["answer"]
    *_, problems = _talk(wild, "三明市24年收到多少政府信息公开申请", "问题有哪些")
    assert "357" not in problems["answer"] and not problems["refused"]


def test_two_years_compared_in_a_follow_up_give_the_difference_worked_out(wild):
    *_, got = _talk(wild, "三明22年行政许可决定数量多少", "24年呢", "少了多少")
    assert "422144" in got["answer"] and "257861" in got["answer"]
    assert "减少164283" in got["answer"] and "计算所得" in got["answer"]
    *_, got = _talk(wild, "三明市政府24年收到多少政府信息公开申请", "那22年的呢", "两年比，24年多了还是少了")
    assert "357" in got["answer"] and "347" in got["answer"] and "增加" in got["answer"]


def test_unfinished_requests_and_whether_anyone_applied_are_read_from_the_table(wild):
    got = wild.ask("三明市24年还有没办完的吗")
    assert "结转下年度继续办理" in got["answer"] and "11件" in got["answer"]
    got = wild.ask("平潭财政金融局23年有人申请信息公开吗")
    assert "0件" in got["answer"] and "没有" in got["answer"]
    # never the table's own header words quoted as if they were a sentence
    assert "勾稽关系" not in got["answer"]


@needs_wild
def test_a_second_copy_of_a_report_fills_the_cells_the_first_could_not_read(embedder, tmp_path):
    from tests.bot.test_small_prose_reports import fresh_service

    for order in (("txt", "html"), ("html", "txt")):
        svc = fresh_service(embedder, tmp_path / "_".join(order))
        for form in order:
            svc.ingest_file(WILD / f"2025_pingtan_shiyanqu-guanweihui.{form}")
        got = svc.ask("平潭综合实验区2025年制发了几件行政规范性文件")
        assert "58" in got["answer"] and not got["refused"], (order, got["answer"])
        assert "58 45 546" in got["citations"][0]["text"]


def test_a_copy_that_disagrees_on_a_cell_replaces_the_stored_report(embedder, tmp_path):
    from tests.bot.test_small_prose_reports import fresh_service
    from tests.conftest import SAMPLE

    svc = fresh_service(embedder, tmp_path / "svc")
    svc.ingest_file(SAMPLE)
    corrected = tmp_path / "corrected.txt"
    corrected.write_text(SAMPLE.read_text(encoding="utf-8").replace("\n753 |", "\n754 |"), encoding="utf-8")
    got = svc.ingest_file(corrected)
    assert got["findings"] == len(svc.report(got["report_id"]).findings)
    assert not any(f["rule"] == "other_form" for f in svc.report(got["report_id"]).findings)
    assert "754" in svc.ask("规建交局2020年行政许可处理决定数量是多少？")["answer"]


def test_the_years_own_figure_is_given_before_a_running_total_unless_the_total_is_asked(wild):
    got = wild.ask("莆田民宗局22年主动公开了多少条")
    assert "24条" in got["answer"] and "398" not in got["answer"]
    got = wild.ask("莆田民宗局截至2022年底累计主动公开了多少条")
    assert "398条" in got["answer"]


def test_a_count_or_share_naming_a_channel_is_no_contact_question(wild):
    got = wild.ask("平潭地税局2013年电话咨询占比多少")
    assert "65.31%" in got["answer"]
    *_, got = _talk(wild, "平潭实验区17年主动公开了多少政府信息", "网站专栏访问量多少", "那2013年呢")
    assert "196022" in got["answer"] and "www." not in got["answer"]
    # a measure no sentence gives is not answered with another figure of the same channel
    got = wild.ask("三明市政府网站2024年的访问量是多少？")
    assert got["refused"], got["answer"]


def test_a_follow_up_with_words_of_its_own_does_not_repeat_the_contact(wild):
    first, where, hours, phone = _talk(wild, "我想向平潭财政金融局申请信息公开", "他们在哪办公", "周末上班吗，几点下班",
                                       "那电话呢")
    assert "金井湾片区管委会大楼主楼6层" in where["answer"]      # printed "联系地址，…"
    assert hours["refused"] and "地址：" not in hours["answer"].split("如需")[0]
    assert "0591-23163551" in phone["answer"]


# a department's short prose report: where it is published, who compiled it, when it was
# signed, how fast it publishes; a signature 省…厅 without its province
PROVINCE_DEPARTMENT = (
    "省某业厅2011年政府信息公开工作年度报告\n"
    "根据《中华人民共和国政府信息公开条例》要求,由省某业厅办公室编制本报告。\n"
    "一、概述\n2011年,省某业厅发布信息共1157条,自信息形成或变更之日起20个工作日内予以公开。\n"
    "二、依申请公开情况\n2011年,省某业厅收到2宗正式提交的政府信息公开申请。\n"
    "三、收费情况\n对印刷、邮寄等费用,原则上都予以减免。\n"
    "四、其他需要报告的事项\n无。\n"
    "本报告的电子版可在省某业厅门户网站查阅。联系电话:020-81234567。\n"
    "省某业厅\n2012年3月2日\n")


@pytest.fixture(scope="module")
def department(embedder, tmp_path_factory):
    return _serving(embedder, tmp_path_factory.mktemp("department"), dept=PROVINCE_DEPARTMENT)


def test_a_report_signed_without_its_province_is_found_by_the_province_and_the_bare_action_counted(department):
    got = department.ask("嗯 广东某业厅11年收到几宗信息公开申请")
    assert "2宗" in got["answer"] and "嗯" not in got["answer"], got["answer"]
    got = department.ask("那个 广东某业厅11年发了多少条信息")
    assert "1157条" in got["answer"]


def test_follow_ups_asking_their_own_thing_after_a_figure_or_a_contact(department):
    *_, compiled, other, signed = _talk(department, "省某业厅11年收到几宗信息公开申请", "这报告是谁编的",
                                        "有没有其他要报告的事", "报告啥时候写的")
    assert "办公室编制" in compiled["answer"]
    assert "无" in other["answer"] and "统计表" not in other["answer"]
    assert "2012年3月2日" in signed["answer"]
    *_, speed, where = _talk(department, "省某业厅电话多少", "信息一般多久内公开", "这份年报在哪能查到")
    assert "20个工作日" in speed["answer"] and "020-81234567" not in speed["answer"]
    assert "门户网站查阅" in where["answer"]
    *_, fees = _talk(department, "省某业厅11年收到几宗信息公开申请", "收不收费")
    assert "减免" in fees["answer"]


def test_after_a_year_the_store_lacks_the_next_question_is_of_the_year_before_it(wild):
    first, missing, fees, step = _talk(wild, "三明市2024年收到多少政府信息公开申请", "上一年呢", "收没收信息处理费",
                                       "再往前一年呢")
    assert missing["refused"] and "2023" in missing["answer"]
    assert "2024年，无收取信息处理费" in fees["answer"]
    # a step counts from the year the last answer was of: 2024's fees, so the year before is 2023 again
    assert step["refused"] and "没有三明市人民政府2023年" in step["answer"]
