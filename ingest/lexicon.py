"""The report template as data: canonical keys of every table cell
(``../shared/spec/report-format.md``) and the printed labels that name them.

One place for the template so the parser, the chunker, the answerer and the
eval suite all speak of the same cell.
"""

from __future__ import annotations

import re

# ---- Section 三: requests ---------------------------------------------------

REQUEST_COLUMNS = ["natural_person", "business", "research", "social_org",
                   "legal_service", "other_org", "total"]
REQUEST_COLUMN_NAMES = {
    "natural_person": "自然人", "business": "商业企业", "research": "科研机构",
    "social_org": "社会公益组织", "legal_service": "法律服务机构",
    "other_org": "其他法人或组织", "total": "总计",
}

# (key, printed label, distinctive words used to recognise a printed row label)
_REQUEST_ROWS_HEAD = [
    ("new", "本年新收政府信息公开申请数量", ["本年新收", "新收政府信息"]),
    ("carried_over", "上年结转政府信息公开申请数量", ["上年结转"]),
    ("granted", "予以公开", ["予以公开"]),
    ("partial", "部分公开", ["部分公开"]),
    ("denied.state_secret", "不予公开：属于国家秘密", ["国家秘密"]),
    ("denied.prohibited_by_law", "不予公开：其他法律行政法规禁止公开", ["其他法律", "禁止公开"]),
    ("denied.security_stability", "不予公开：危及“三安全一稳定”", ["三安全", "一稳定"]),
    ("denied.third_party", "不予公开：保护第三方合法权益", ["第三方"]),
    ("denied.internal_affairs", "不予公开：属于三类内部事务信息", ["内部事务"]),
    ("denied.process_info", "不予公开：属于四类过程性信息", ["过程性"]),
    ("denied.enforcement_files", "不予公开：属于行政执法案卷", ["执法案卷"]),
    ("denied.query_matters", "不予公开：属于行政查询事项", ["查询事项"]),
    ("unavailable.not_held", "无法提供：本机关不掌握相关政府信息", ["不掌握"]),
    ("unavailable.needs_creation", "无法提供：没有现成信息需要另行制作", ["另行制作", "没有现成"]),
    ("unavailable.unclear", "无法提供：补正后申请内容仍不明确", ["仍不明确", "补正后"]),
    ("not_processed.petition", "不予处理：信访举报投诉类申请", ["信访", "举报投诉"]),
    ("not_processed.duplicate", "不予处理：重复申请", ["重复申请"]),
    ("not_processed.publication", "不予处理：要求提供公开出版物", ["出版物"]),
    ("not_processed.excessive", "不予处理：无正当理由大量反复申请", ["大量反复"]),
    ("not_processed.confirm_or_reissue", "不予处理：要求行政机关确认或重新出具已获取信息", ["重新出具", "确认或"]),
]
_REQUEST_ROWS_OTHER_2021 = [
    ("other.no_correction", "其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ["逾期不补正", "不补正"]),
    ("other.unpaid_fee", "其他处理：申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ["缴纳费用", "收费通知"]),
    ("other.other", "其他处理：其他", []),
]
_REQUEST_ROWS_OTHER_2019 = [("other", "其他处理", ["其他处理"])]
_REQUEST_ROWS_TAIL = [
    ("handled_total", "本年度办理结果总计", ["总计"]),
    ("carried_forward", "结转下年度继续办理", ["结转下年"]),
]

REQUEST_ROWS_2021 = _REQUEST_ROWS_HEAD + _REQUEST_ROWS_OTHER_2021 + _REQUEST_ROWS_TAIL
REQUEST_ROWS_2019 = _REQUEST_ROWS_HEAD + _REQUEST_ROWS_OTHER_2019 + _REQUEST_ROWS_TAIL
REQUEST_ROW_LABELS = {k: label for k, label, _ in REQUEST_ROWS_2021 + _REQUEST_ROWS_OTHER_2019}
RESULT_ROWS_2021 = [k for k, _, _ in REQUEST_ROWS_2021[2:-2]]


def is_2021_request_table(values: dict) -> bool:
    """2021's 其他处理 has three sub-rows (requests.other.no_correction.total …);
    2019's is one row (requests.other.total), so "requests.other." alone tells nothing."""
    return any(k.startswith(("requests.other.no_correction.", "requests.other.unpaid_fee.",
                             "requests.other.other.")) for k in values)


RESULT_ROWS_2019 = [k for k, _, _ in REQUEST_ROWS_2019[2:-2]]

# ---- Section 四: review and litigation --------------------------------------

APPEAL_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
APPEAL_GROUP_NAMES = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                      "litigation_after_review": "行政诉讼（复议后起诉）"}
APPEAL_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
APPEAL_COLUMN_NAMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                       "pending": "尚未审结", "total": "总计"}
APPEAL_KEYS = [f"appeals.{g}.{c}" for g in APPEAL_GROUPS for c in APPEAL_COLUMNS]

# ---- Section 二: proactive disclosure ----------------------------------------

# item -> rows (key, printed label, label regex) ; columns per template
PROACTIVE_ROWS = {
    "一": [("rules", "规章", r"^规章$"),
           ("normative_docs", "规范性文件", r"规范性文件$")],
    "五": [("licensing", "行政许可", r"^行政许可$"),
           ("other_services", "其他对外管理服务事项", r"其他对外管理服务")],
    "六": [("penalty", "行政处罚", r"^行政处罚$"),
           ("enforcement", "行政强制", r"^行政强制$")],
    "八": [("fees", "行政事业性收费", r"行政事业性收费")],
    "九": [("procurement", "政府集中采购", r"政府集中采购")],
}
PROACTIVE_COLUMNS = {
    "2019": {"一": ["made", "published", "total"], "五": ["prev_items", "change", "decisions"],
             "六": ["prev_items", "change", "decisions"], "八": ["prev_items", "change"],
             "九": ["items", "amount"]},
    "2021": {"一": ["issued", "repealed", "in_force"], "五": ["decisions"], "六": ["decisions"],
             "八": ["amount_10k_yuan"]},
    "pre-2019": {},   # reports under the 2008 regulation: no standard tables, figures in prose
}
PROACTIVE_ROW_NAMES = {k: name for rows in PROACTIVE_ROWS.values() for k, name, _ in rows}
PROACTIVE_COLUMN_NAMES = {
    "made": "本年新制作数量", "published": "本年新公开数量", "total": "对外公开总数量",
    "prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
    "items": "采购项目数量", "amount": "采购总金额（元）",
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "amount_10k_yuan": "本年收费金额（万元）",
}
# Units an answer must state with the number.
KEY_UNITS = {"proactive.procurement.amount": "元", "proactive.fees.amount_10k_yuan": "万元"}

SECTION_TITLES = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}


def key_label(key: str) -> str:
    """A citizen-readable name for a canonical key, e.g. 部分公开（自然人）."""
    parts = key.split(".")
    if parts[0] == "requests":
        row, col = ".".join(parts[1:-1]), parts[-1]
        label = REQUEST_ROW_LABELS.get(row, row)
        return label if col == "total" else f"{label}（{REQUEST_COLUMN_NAMES.get(col, col)}）"
    if parts[0] == "appeals":
        return f"{APPEAL_GROUP_NAMES.get(parts[1], parts[1])}{APPEAL_COLUMN_NAMES.get(parts[2], parts[2])}"
    if parts[0] == "proactive":
        return f"{PROACTIVE_ROW_NAMES.get(parts[1], parts[1])}{PROACTIVE_COLUMN_NAMES.get(parts[2], parts[2])}"
    return key


def section_of_key(key: str) -> int:
    return {"proactive": 2, "requests": 3, "appeals": 4}.get(key.split(".")[0], 0)


# ---- Agency names -------------------------------------------------------------

# Short forms printed in titles → the full official words (longest first).
AGENCY_ABBREVIATIONS = [
    ("发改委", "发展和改革委员会"), ("科委", "科学技术委员会"), ("经信委", "经济和信息化委员会"),
    ("卫健委", "卫生健康委员会"), ("住建委", "住房和城乡建设管理委员会"), ("教委", "教育委员会"),
    ("发改局", "发展和改革局"), ("住建局", "住房和城乡建设局"), ("人社局", "人力资源和社会保障局"),
    ("市监局", "市场监督管理局"), ("规建交局", "规划建设与交通运输局"), ("府办", "人民政府办公室"),
    ("街道办", "街道办事处"), ("街办", "街道办事处"),
]

# The 55 minority nationalities of the national standard (GB/T 3304): an autonomous place
# or an ethnic township is named place + nationality + level (临北回族乡, 孟村回族自治县,
# 双江拉祜族佤族布朗族傣族自治县), and people drop the nationality (临北乡, 孟村县).
NATIONALITIES = ("蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 "
                 "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
                 "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺").split()
ETHNIC_PART = "(?:(?:" + "|".join(sorted(NATIONALITIES, key=len, reverse=True)) + ")族|各族|民族)+"
# place (two or more characters), its nationalities, then its level
ETHNIC_PLACE = re.compile(rf"([\u4e00-\u9fff]{{2,4}}?)({ETHNIC_PART})(自治县|自治州|自治旗|乡|镇|苏木)")


def without_nationality(name: str) -> str:
    """临北回族乡 → 临北乡, 孟村回族自治县人民政府 → 孟村县人民政府: the name people say."""
    plain = {"自治县": "县", "自治州": "州", "自治旗": "旗"}
    return ETHNIC_PLACE.sub(lambda m: m.group(1) + plain.get(m.group(3), m.group(3)), name)


PLACE_SUFFIX = re.compile(r"(省|自治区|市|自治州|州|盟|地区|县|自治县|旗|区|镇|乡|街道)")
