"""Citizens' words → canonical keys (report-format.md). One place, ordered:
the first pattern that matches wins, so specific phrases come before general ones."""

from __future__ import annotations

import re

# (regex, request row key) — a group name maps to several rows
REQUEST_ROW_WORDS: list[tuple[str, str]] = [
    (r"上年结转|去年结转|上一年结转|上年度结转", "carried_over"),
    (r"结转下年|转下一年|转入下一年|结转到下|下年度继续|顺延", "carried_forward"),
    (r"部分公开", "partial"),
    (r"国家秘密", "denied.state_secret"),
    (r"法律行政法规禁止|法律法规禁止", "denied.prohibited_by_law"),
    (r"三安全一稳定|危及", "denied.security_stability"),
    (r"第三方", "denied.third_party"),
    (r"内部事务", "denied.internal_affairs"),
    (r"过程性", "denied.process_info"),
    (r"执法案卷", "denied.enforcement_files"),
    (r"行政查询|查询事项", "denied.query_matters"),
    (r"不掌握", "unavailable.not_held"),
    (r"另行制作|没有现成", "unavailable.needs_creation"),
    (r"仍不明确|内容不明确|不明确", "unavailable.unclear"),
    (r"信访|举报|投诉", "not_processed.petition"),
    (r"重复申请", "not_processed.duplicate"),
    (r"出版物", "not_processed.publication"),
    (r"大量反复|反复申请", "not_processed.excessive"),
    (r"重新出具|确认或", "not_processed.confirm_or_reissue"),
    (r"逾期不补正|不补正|无正当理由逾期", "other.no_correction"),
    (r"缴纳费用|未缴费|收费通知|未按.*缴", "other.unpaid_fee"),
    (r"不予公开", "@denied"),
    (r"无法提供", "@unavailable"),
    (r"不予处理", "@not_processed"),
    (r"其他处理", "@other"),
    (r"予以公开|全部公开|同意公开", "granted"),
    (r"办结|办理完|答复了|处理了多少|办理结果总|总共办理|共办理", "handled_total"),
    (r"新收|收到|受理|接收|接到|提出|申请数量|多少(?:件|个)?(?:政府信息公开|依申请)?申请|申请.{0,6}(?:多少|几)", "new"),
]
REQUEST_GROUPS = {
    "@denied": ["denied.state_secret", "denied.prohibited_by_law", "denied.security_stability",
                "denied.third_party", "denied.internal_affairs", "denied.process_info",
                "denied.enforcement_files", "denied.query_matters"],
    "@unavailable": ["unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear"],
    "@not_processed": ["not_processed.petition", "not_processed.duplicate", "not_processed.publication",
                       "not_processed.excessive", "not_processed.confirm_or_reissue"],
    "@other": ["other", "other.no_correction", "other.unpaid_fee", "other.other"],
}
GROUP_NAMES = {"@denied": "不予公开", "@unavailable": "无法提供", "@not_processed": "不予处理", "@other": "其他处理"}

REQUEST_COLUMN_WORDS = [
    (r"商业企业|企业", "business"),
    (r"科研机构", "research"),
    (r"社会公益组织|公益组织", "social_org"),
    (r"法律服务机构|律师", "legal_service"),
    (r"自然人|个人|公民|群众", "natural_person"),
]

APPEAL_GROUP_WORDS = [
    (r"复议后起诉|经复议后|复议后.*诉讼", ["litigation_after_review"]),
    (r"未经复议|直接起诉", ["litigation_direct"]),
    (r"行政诉讼|诉讼|起诉", ["litigation_direct", "litigation_after_review"]),
    (r"行政复议|复议", ["review"]),
]
APPEAL_COLUMN_WORDS = [
    (r"维持", "upheld"), (r"纠正|纠错", "corrected"), (r"其他结果", "other"),
    (r"尚未审结|未审结|未结|审理中", "pending"),
]

PROACTIVE_ROW_WORDS = [
    (r"其他对外管理服务", "other_services"),
    (r"行政规范性文件|规范性文件", "normative_docs"),
    (r"规章", "rules"),
    (r"行政许可|许可", "licensing"),
    (r"行政处罚|处罚", "penalty"),
    (r"行政强制|强制", "enforcement"),
    (r"行政事业性收费|收费金额|事业性收费", "fees"),
    (r"政府集中采购|集中采购|采购", "procurement"),
]
PROACTIVE_COLUMN_WORDS = {
    "2021": [(r"废止", "repealed"), (r"现行有效|有效", "in_force"), (r"制发|出台|发布|印发|制定|新增", "issued"),
             (r"处理决定|决定", "decisions"), (r"金额|多少钱|收费", "amount_10k_yuan")],
    "2019": [(r"新制作|制作", "made"), (r"新公开", "published"), (r"对外公开总|总数", "total"),
             (r"上一年|上年", "prev_items"), (r"增减|增加|减少|变化|增/减", "change"),
             (r"处理决定|决定", "decisions"), (r"采购项目|项目数", "items"), (r"金额|多少钱", "amount")],
}
PROACTIVE_DEFAULT_COLUMN = {
    "2021": {"rules": "issued", "normative_docs": "issued", "licensing": "decisions", "penalty": "decisions",
             "enforcement": "decisions", "fees": "amount_10k_yuan"},
    "2019": {"rules": "published", "normative_docs": "published", "licensing": "decisions",
             "other_services": "decisions", "penalty": "decisions", "enforcement": "decisions",
             "fees": "prev_items", "procurement": "amount"},
}

CONTACT_WORDS = [
    (r"传真", "fax"),
    (r"电话|热线|打给", "phone"), (r"地址|在哪|哪里|地点|位置", "address"), (r"邮编|邮政编码", "postcode"),
    (r"邮箱|邮件|email|e-mail", "email"), (r"网站|网址|网页|官网|下载|电子版", "website"),
    (r"联系方式|怎么联系|如何联系|联系", "*"),
]

# Words that make a question about these reports at all.
DOMAIN = re.compile(
    r"申请|公开|复议|诉讼|规章|规范性文件|许可|处罚|强制|收费|采购|报告|政务|电话|地址|邮编|邮箱|网站|联系|"
    r"新闻发布|解读|新媒体|网站|信息|办理|答复|政策|公报|培训|问题|改进|处理费|费用|机关|局|委|政府|办公厅|"
    r"微信|公众号|视频号|直播|粉丝|发布会|上海科技|上海发布|审核|审查|科室|专栏|平台")
PROSE_FIGURE = re.compile(r"多少|几|数量|数目|总数|比例|百分|多大")
