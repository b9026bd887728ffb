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
    (r"其他处理\W{0,3}(?:中|里)?的?\W{0,2}[“\"'「]其他[”\"'」]|其他处理.{0,3}其他(?:原因|情形)", "other.other"),
    (r"不予公开|驳回|拒绝公开|被拒", "@denied"),
    (r"无法提供", "@unavailable"),
    (r"不予处理", "@not_processed"),
    (r"其他处理", "@other"),
    (r"予以公开|全部公开|同意公开", "granted"),
    (r"办结|办理完|答复了|处理了多少|办理结果总|总共办理|共办理", "handled_total"),
    (r"新收|收到|受理|接收|接到|提出|提交|提了|申请数量|来申请|申请过|多少(?:件|个)?(?:政府信息公开|依申请)?申请|申请.{0,10}(?:多少|几)", "new"),
]
# Rows whose words (收到, 予以公开, 办结 …) also appear outside the requests table:
# they count as a table question only next to 申请/公开/处理/答复/办理.
CONTEXT_BOUND_ROWS = {"new", "granted", "handled_total", "not_processed.petition"}

# A yes/no or how-long question the tables cannot answer ("都按时答复了吗", "平均几天").
# (天 only as a unit: 天津, 天河区, 天门市 are places)
NOT_A_COUNT = re.compile(r"几天|多少天|天数|\d+\s*天|多久|时间|时限|比例|百分|网上|当面|信函|平均|按时|及时|按期|期限|工作日")

# Counting words: "在网站发布了多少条" asks a number, not the website.
COUNT_ASK = re.compile(r"(?:多少|几)(?:个|件|条|篇|期|场|次|项|人|名|家|份|批|万)|条数|件数|场次|数量")

# Not about these reports whatever else the question says.
OFF_TOPIC = re.compile(r"天气|气温|下雨|股票|股价|彩票|笑话|菜谱|星座|数据库|密码|服务器|源代码|源码|系统提示|提示词|"
                       r"prompt|\d+\s*[+\-*/×÷]\s*\d+", re.I)

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

_LEGAL_ENTITIES = r"法人或其他组织|法人和其他组织|法人及其他组织|法人"   # every column but 自然人
REQUEST_COLUMN_WORDS = [
    *((_LEGAL_ENTITIES, c) for c in ("business", "research", "social_org", "legal_service")),
    (_LEGAL_ENTITIES + r"|其他组织", "other_org"),
    (r"商业企业|企业", "business"),
    (r"科研机构", "research"),
    (r"社会公益组织|公益组织", "social_org"),
    (r"法律服务机构|律师", "legal_service"),
    (r"自然人|个人|公民|群众", "natural_person"),
]

APPEAL_GROUP_WORDS = [
    (r"未经复议|不经复议|没经过?复议|没有经过复议|未经过复议|直接起诉|直接.{0,4}(?:告|诉|起诉|法院)", ["litigation_direct"]),
    (r"复议后起诉|经复议后|复议后.*(?:诉讼|起诉|告)|复议.{0,6}又.{0,4}(?:起诉|告|诉)", ["litigation_after_review"]),
    (r"行政诉讼|诉讼|起诉|打官司|告到法院|告上法庭|被告|法院", ["litigation_direct", "litigation_after_review"]),
    (r"行政复议|复议", ["review"]),
]
APPEAL_COLUMN_WORDS = [
    (r"维持", "upheld"), (r"纠正|纠错", "corrected"), (r"其他结果", "other"),
    (r"尚未审结|未审结|没审结|没有审结|还没审|未结|没结|审理中", "pending"),
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
             (r"增减|增加|减少|变化|增/减|变了|多了|少了", "change"), (r"上一年|上年", "prev_items"),
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
    (r"电话|热线|打给", "phone"), (r"地址|(?<!存)在哪(?![些个种样])|(?<!存在)哪里|地点|位置", "address"), (r"邮编|邮政编码", "postcode"),
    (r"邮箱|邮件|email|e-mail", "email"), (r"网站|网址|网页|官网|下载|电子版", "website"),
    (r"找哪个部门|找哪个单位|找谁|问谁|咨询谁|向谁(?:咨询|反映)|联系哪个部门|有(?:疑问|问题)(?:应该|可以|该)?找", "office"),
    (r"联系方式|怎么联系|如何联系|联系", "*"),
]

# Words that make a question about these reports at all.
DOMAIN = re.compile(
    r"申请|公开|复议|诉讼|规章|规范性文件|许可|处罚|强制|收费|采购|报告|政务|电话|地址|邮编|邮箱|网站|联系|"
    r"新闻发布|解读|新媒体|网站|信息|办理|答复|政策|公报|培训|问题|改进|处理费|费用|机关|局|委|政府|办公厅|"
    r"微信|公众号|视频号|直播|粉丝|发布会|上海科技|上海发布|审核|审查|科室|专栏|平台")
PROSE_FIGURE = re.compile(r"多少|几|数量|数目|总数|比例|百分|多大|[天人次件条个场篇项期]数")

# Words a figure question may carry beyond its table row without narrowing it
FIGURE_FILLER = set("因为 因本 是因为 由于 没法 决定 作出 做出 金额 总金额 项目 增减 对外 废止 制发 现行 有效 一栏 总计有 "
                    "过来 计是 主动 其中 哪年 对比 两年 比一比 一年 里面 你好 报表 三里 案子 那些 那个 这类 办完 "
                    "交钱 各有 比是 增加 减少 上一年 下一年 市政府 区政府 县政府 律所 信息公开 政府信息 依申请 "
                    "申请人 申请 收到 总共 合计 共计 全部 所有 统计 填的 填报 表里 表格 年报 年度 啊 呀 被拒 涉及 或者 还是 以及".split())
# "涉及征地拆迁的申请": a topic the tables do not break figures down by
TOPIC_QUALIFIER = re.compile(r"(?:涉及|关于|有关|针对|属于)([\u4e00-\u9fff]{2,8}?)(?:的|方面|领域|问题|类)|"
                             r"([\u4e00-\u9fff]{2,6}?)(?:方面|领域|类)的(?:申请|信息公开申请|案件|案子)")

# Dimensions no table breaks a figure down by: "自然人里男的女的各多少",
# "网上提交的和写信寄来的各有多少" are not answered with the row's total.
BREAKDOWN_DIMENSIONS = [
    (re.compile(r"男的|女的|男性|女性|男女|性别"), "性别"),
    (re.compile(r"年龄|\d+岁|老年人|未成年|年轻人"), "年龄"),
    (re.compile(r"网上|在线|网络申请|网申|线上|线下|信函|写信|邮寄|寄来|寄过来|当面|现场申请|传真|电子邮件申请|口头"),
     "申请方式（网上、信函、当面等）"),
    (re.compile(r"户籍|外地人|本地人|外省|民族|职业|学历"), "申请人身份"),
    (re.compile(r"(?<!\d)\d{1,2}月份?(?!\d*日)|[一二三四五六七八九十]{1,2}月份|几月|哪个?月|上半年|下半年|季度|每月|每个月"), "月份"),
]
# "纠正的64件分别是哪些部门、什么事由": details the tables do not list
ASKS_DETAILS = re.compile(r"哪些部门|哪些单位|哪个部门|什么事由|哪些事由|什么原因|哪些原因|具体是哪|分别是哪|哪几个|名单|明细|案由")


def breakdown_dimension(question: str) -> str | None:
    """The dimension a count question breaks its figure down by, when the
    national template's tables never do (性别, 申请方式 …)."""
    return next((name for pattern, name in BREAKDOWN_DIMENSIONS if pattern.search(question)), None)


def qualifier_topic(question: str) -> str | None:
    """"涉及征地拆迁的申请" → 征地拆迁: the topic a figure is narrowed to."""
    m = TOPIC_QUALIFIER.search(question)
    return (m.group(1) or m.group(2)) if m else None


# Homophone slips people make in these words, read as meant
TYPOS = [("行政附议", "行政复议"), ("申情", "申请"), ("政俯", "政府")]

# Question words that carry no content ("由哪个科室", "经过哪些审核", "条数").
QUESTION_WORDS = set("内容 哪个 哪些 哪里 哪儿 几个 几次 经过 需要 要求 可以 能否 能不能 是不是 为什么 为何 怎样 怎么样 什么样 "
                     "多大 多长 多久 条数 件数 次数 场次 个数 总数 数量 数目 具体 相关 有关 方面 主要 一下 告诉 知道 "
                     "请问 哪家 我们 你们 您好 目前 现在 当年 分别 各是 各自 了吗 没有 有无 是否 情况 "
                     "本机关 本单位".split())

# A question's word and the words a report uses for the same thing.
PROSE_SYNONYMS = {
    "按时": ("按时", "法定期限", "按期", "及时", "期限内"),
    "及时": ("及时", "法定期限", "按时", "期限内"),
    "收取": ("收取", "收费", "收"),
    "收费": ("收费", "收取", "处理费"),
    "处理费": ("处理费", "收费"),
    "审核": ("审核", "审查", "审批", "把关"),
    "审查": ("审查", "审核"),
    "发布": ("发布", "公开", "发"),
    "科室": ("科室", "科", "处室", "部门"),
    "统筹": ("统筹", "负责", "牵头"),
    "收到": ("收到", "接收", "受理"),
    "流程": ("流程", "程序", "步骤", "环节"),
    "处理": ("处理", "办理"),
    "召开": ("召开", "举办", "组织"),
    "开了": ("召开", "举办", "开展"),
    "举办": ("举办", "召开", "组织"),
    "编辑": ("编辑", "编印", "出版", "刊登", "印发", "编发"),
    "培训": ("培训", "学习", "讲解"),
    "网站": ("网站", "网"),
    "政府网站": ("政府网站", "网站"),
}

# How-to questions: the answer is a procedure, so two sentences are quoted.
HOW_TO = re.compile(r"怎么|怎样|如何|哪些|流程|程序|步骤|方式|渠道|途径|措施|制度|做法|审核|审查|办法")

# How a report's prose names a table row next to its figure ("不予公开答复 2 件",
# "行政诉讼46件"): used to cite the sentence that states the same number.
PROSE_ECHO = {
    "requests.new": r"申请", "requests.carried_over": r"结转", "requests.carried_forward": r"结转|顺延",
    "requests.granted": r"予以公开|全部公开", "requests.partial": r"部分公开", "@denied": r"不予公开",
    "@unavailable": r"无法提供", "@not_processed": r"不予处理", "@other": r"其他处理",
    "requests.handled_total": r"答复|办结|办理", "appeals.review": r"复议",
    "appeals.litigation_direct": r"诉讼", "appeals.litigation_after_review": r"诉讼", "@litigation": r"诉讼",
    "proactive.rules": r"规章", "proactive.normative_docs": r"规范性文件", "proactive.licensing": r"许可",
    "proactive.penalty": r"处罚", "proactive.enforcement": r"强制", "proactive.fees": r"收费",
}
YES_NO = re.compile(r"吗[？?]?$|是否|有没有|有无")

# Asking GovQA to do a task rather than answer from the reports: off topic whatever it mentions.
# who applied, and where they live, is personal data: no report prints it and no answer should guess it
PERSONAL_DATA = re.compile(r"叫什么名字|姓名|身份证|住(?:在)?哪|家庭住址|住址|手机号|(?:申请人|当事人|原告|投诉人).{0,6}(?:是谁|名字|电话|联系方式)")
# a judgement or forecast about a case or a year to come: the reports state what happened
OPINION = re.compile(r"你(?:觉得|认为|看|估计)|能(?:不能)?(?:赢|胜诉)|会不会(?:赢|胜诉|输)|胜算|胜诉(?:率|的?可能)|值不值得|"
                     r"该不该|应不应该|建议我|预测|预计.{0,8}(?:明年|下一年|今后)")
TASK_REQUEST = re.compile(r"帮我写|帮忙写|写一封|写一篇|代写|起草|翻译|编一个|生成一")

# A question about the report's own section 五 (problems and improvements).
PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱")
IMPROVEMENTS = re.compile(r"改进|整改|下一步|怎么改|如何改|改的|打算|计划|明年|措施")

# Units a report may use for the unit a question asks ("多少个申请" → "17件").
UNIT_EQUIVALENTS = {
    "%": ("%", "％"),
    "个": ("个", "件", "项", "家", "名", "人", "条"), "件": ("件", "个", "条", "项"), "条": ("条", "件", "篇"),
    "篇": ("篇", "条"), "场": ("场", "次"), "次": ("次", "场", "人次"), "人": ("人", "名", "人次"),
    "名": ("名", "人"), "项": ("项", "个", "件"), "天": ("天", "日", "工作日"), "日": ("日", "天", "工作日"),
}

# How a report's prose names a result column ("结果纠正64件").
PROSE_ECHO_COLUMNS = {"upheld": r"维持", "corrected": r"纠正|纠错", "other": r"其他", "pending": r"未审结|尚未审结",
                      "natural_person": r"自然人|个人", "business": r"企业", "legal_service": r"法律服务"}

# Short names people use for departments, beyond the ones the parser expands
# (ingest/lexicon.py AGENCY_ABBREVIATIONS): used only to recognise agencies in questions.
AGENCY_SHORT_NAMES = [
    ("卫健局", "卫生健康局"), ("卫健委", "卫生健康委员会"), ("市场监管局", "市场监督管理局"),
    ("交通局", "交通运输局"), ("文旅局", "文化广电和旅游局"), ("文广旅局", "文化广电和旅游局"),
    ("文旅局", "文化和旅游局"), ("退役军人局", "退役军人事务局"), ("应急局", "应急管理局"),
    ("医保局", "医疗保障局"), ("政务办", "政务服务管理办公室"), ("数据局", "政务服务和数据管理局"),
    ("科技局", "科学技术局"), ("工信局", "工业和信息化局"), ("资规局", "自然资源和规划局"),
    ("自然资源局", "自然资源和规划局"), ("农业局", "农业农村局"), ("农委", "农业农村委员会"),
    ("环保局", "生态环境局"), ("城管局", "城市管理局"), ("城管局", "城市管理综合行政执法局"),
    ("审批局", "行政审批局"), ("审批局", "行政审批服务局"), ("教体局", "教育和体育局"),
    ("管委会", "管理委员会"), ("政府办", "人民政府办公室"), ("政府办", "政府办公室"),
    ("街道办", "街道办事处"), ("街道", "街道办事处"), ("民宗局", "民族宗教事务局"),
    ("侨办", "侨务办公室"), ("国资委", "国有资产监督管理委员会"), ("公积金中心", "住房公积金管理中心"),
]
