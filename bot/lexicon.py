"""Citizens' words → canonical keys (report-format.md). One place, ordered:
the first pattern that matches wins, so specific phrases come before general ones."""

from __future__ import annotations

import re

# (regex, request row key) — a group name maps to several rows
REQUEST_ROW_WORDS: list[tuple[str, str]] = [
    (r"上年结转|去年结转|上一年结转|上年度结转", "carried_over"),
    (r"结转下年|转下一?年|转(?:到|入|至)下一?年|结转到下|下年度继续|顺延|"
     r"(?:没|未|没有|还没|尚未)(?:有)?(?:办|处理|办理)(?:完|结)|(?:还|仍)在(?:办|处理)", "carried_forward"),
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
    (r"予以公开|全部公开|同意公开|给(?:予)?公开了?(?:吗|没|的)", "granted"),
    # (how requests ended; "是怎么办理的" asks the procedure, which the prose describes)
    # ("都公开了吗": whether all were granted, answered by every outcome that holds cases)
    (r"办理结果(?!总)|处理结果|答复(?:情况|结果)|(?:怎么|如何|怎样|咋)答复的|(?:都|全都|全部|全)(?:给|予)?(?:公开|答复|办结)了",
     "@results"),
    # (the row as staff name it by its number in table 三: （七）总计)
    (r"办结|办理完|答复了|处理了多少|办理结果总|总共办理|共办理|[（(]七[)）]\s*总计", "handled_total"),
    (r"新收|收到|受理|接收|接到|提出|提交|提了|申请数量|来申请|申请过|有(?:没有)?人(?:来|去|向[\u4e00-\u9fff]{1,12}?)?申请|"
     r"多少(?:件|个)?(?:政府信息公开|依申请)?申请|申请.{0,10}(?:多少|几)", "new"),
]
# Rows whose words (收到, 予以公开, 办结 …) also appear outside the requests table:
# they count as a table question only next to 申请/公开/处理/答复/办理.
CONTEXT_BOUND_ROWS = {"new", "granted", "handled_total", "not_processed.petition"}

# A yes/no or how-long question the tables cannot answer ("都按时答复了吗", "平均几天").
# (天 only as a unit: 天津, 天河区, 天门市 are places)
NOT_A_COUNT = re.compile(r"几天|多少天|天数|\d+\s*天|多久|时间|时限|比例|百分|网上|当面|信函|平均|按时|及时|按期|期限|工作日")

# Counting words: "在网站发布了多少条" asks a number, not the website.
COUNT_ASK = re.compile(r"(?:多少|几)(?:个|件|条|篇|期|场|次|项|人|名|家|份|批|万)|条数|件数|场次|数量|"
                       r"(?:量|数|率)(?:是|有|为|达)?(?:多少|几)|占比|比例|比重|百分比|人次|"
                       r"多少(?:政府)?(?:信息|消息|稿件|文件)|(?:发|公开|发布)了多少|"
                       r"(?:接|接听|接到|受理)了?(?:多少|几)[个次起通]?[\u4e00-\u9fff]{0,4}电话")      # 接了多少咨询电话: calls counted
# (网站访问量多少, 电话咨询占比多少: a count or a share, not the website or the phone)

# A sum to work out ("1+1等于几"): + * × ÷ between numbers always; - and / only when a result is
# asked, since they also join the parts of a phone number (0595-27396608), a date or a span (1-12月).
ARITHMETIC = (r"(?<![\d.])\d+(?:\.\d+)?\s*(?:[+*×÷]\s*\d|[\-/]\s*\d+(?:\.\d+)?(?![\d\-/])\s*"
              r"(?:[=＝]|等于|是多少|得多少|是几|得几))")
# Not about these reports whatever else the question says.
OFF_TOPIC = re.compile(r"天气|气温|下雨|股票|股价|彩票|笑话|菜谱|星座|数据库|密码|服务器|源代码|源码|系统提示|提示词|"
                       r"prompt|" + ARITHMETIC, re.I)

REQUEST_GROUPS = {
    "@denied": ["denied.state_secret", "denied.prohibited_by_law", "denied.security_stability",
                "denied.third_party", "denied.internal_affairs", "denied.process_info",
                "denied.enforcement_files", "denied.query_matters"],
    "@unavailable": ["unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear"],
    "@not_processed": ["not_processed.petition", "not_processed.duplicate", "not_processed.publication",
                       "not_processed.excessive", "not_processed.confirm_or_reissue"],
    "@other": ["other", "other.no_correction", "other.unpaid_fee", "other.other"],
}
# "办理结果怎么样": every outcome row; the answer names those the report fills
REQUEST_GROUPS["@results"] = ["granted", "partial"] + [r for g in ("@denied", "@unavailable", "@not_processed", "@other")
                                                       for r in REQUEST_GROUPS[g]]
GROUP_NAMES = {"@denied": "不予公开", "@unavailable": "无法提供", "@not_processed": "不予处理", "@other": "其他处理",
               "@results": "办理结果"}
# a follow-up asking how what was just counted ended ("结果呢", "最后怎么处理的")
OUTCOMES_FOLLOW_UP = re.compile(r"结果都?(?:呢|怎么样|怎样|咋样|如何|是什么|是啥|分别|都是)|(?:怎么|如何|咋)(?:答复|判|裁决|处理|办理|处置)的|"
                                r"答复(?:情况|结果)|处理结果|办理结果")
# "主要是问哪方面的", "涉及哪些内容": what the cases or items were about, which only prose says
TOPIC_ASK = re.compile(r"哪(?:个|些|几个)?方面|什么方面|哪(?:一|几|些)?类|什么类型?的?(?:事|事项|信息|内容)|什么内容|哪些内容|涉及(?:什么|哪些|啥)")

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

# "行政复议有几件 结果怎么样": the count and every outcome column
# "结果出来没有", "有结果了吗": whether it ended is asked the same way
APPEAL_OUTCOMES_ASKED = re.compile(r"结果都?(?:怎么样|怎样|咋样|如何|是什么|是啥|分别|都是|有哪些|出来|出了)|出结果|有(?:没有)?结果|"
                                   r"(?:怎么|如何)(?:判|裁决|处理)的")

PROACTIVE_ROW_WORDS = [
    (r"其他对外管理服务", "other_services"),
    (r"行政规范性文件|规范性文件", "normative_docs"),
    (r"规章", "rules"),
    (r"行政许可|许可", "licensing"),
    (r"行政处罚|处罚", "penalty"),
    (r"行政强制|强制", "enforcement"),
    (r"行政事业性收费|收费金额|事业性收费", "fees"),
    # ("政府采购类信息公开了多少条": a kind of information published, not the table's procurement)
    (r"政府集中采购|集中采购|采购(?!类?信息)", "procurement"),
]
PROACTIVE_COLUMN_WORDS = {
    "2021": [(r"废止", "repealed"), (r"现行有效|有效", "in_force"), (r"制发|出台|发布|印发|制定|新增", "issued"),
             (r"处理决定|决定", "decisions"), (r"金额|多少钱|收费", "amount_10k_yuan")],
    "2019": [(r"新制作|制作", "made"), (r"新公开", "published"), (r"对外公开总|总数", "total"),
             # ("比上年增了多少": the change; 上年 after 比 is what it is compared with, not the column asked)
             (r"增减|增加|减少|变化|增/减|变了|多了|少了|增了|减了|比上一?年", "change"), (r"(?<!比)上一?年", "prev_items"),
             (r"处理决定|决定", "decisions"), (r"采购项目|项目数|(?:几|多少)个?项目", "items"), (r"金额|多少钱", "amount")],
}
PROACTIVE_DEFAULT_COLUMN = {
    "2021": {"rules": "issued", "normative_docs": "issued", "licensing": "decisions", "penalty": "decisions",
             "enforcement": "decisions", "fees": "amount_10k_yuan"},
    "2019": {"rules": "published", "normative_docs": "published", "licensing": "decisions",
             "other_services": "decisions", "penalty": "decisions", "enforcement": "decisions",
             "fees": "prev_items", "procurement": "amount"},
}

# "在哪能看到", "哪里查得到": where the report can be read (its website, or the sentence saying so)
WHERE_TO_READ = r"(?:在|从|到)?(?:哪里|哪儿|哪)里?(?:能|可以|才能)?(?:看到|看得到|看|查到|查得到|查看|查|找到|下载)"

CONTACT_WORDS = [
    (r"传真", "fax"),
    (r"电话|热线|打给", "phone"), (r"地址|(?<![存用花投])在哪(?![些个种样])(?!里?(?:公开|发布|公布|刊登|登载|(?:能|可以|才能)?(?:看|查|找|下载)))|(?<!存在)(?<![用花投]在)哪里(?!(?:公开|发布|公布|刊登|登载))|地点|位置|"
     r"在(?:什么|哪个)地方(?!(?:公开|发布|公布|刊登|登载))|几号房间?|哪个房间|(?:哪|几)(?:个)?楼|几层|几楼|门牌", "address"), (r"邮编|邮政编码", "postcode"),
    (r"邮箱|邮件|email|e-mail", "email"),
    (r"网站(?![上里中])|网址|网页|官网|下载|电子版|" + WHERE_TO_READ, "website"),
    (r"找哪个部门|找哪个单位|找谁|问谁|咨询谁|向谁(?:咨询|反映)|联系哪个部门|有(?:疑问|问题)(?:应该|可以|该)?找|(?:联系|找|问)哪个(?:处|科|科室|股|办公室|单位)|哪个(?:处|科室|办公室)(?:联系|负责)", "office"),
    (r"联系方式|怎么联系|如何联系|联系", "*"),
    # the report's own record (年报哪天发布的, 索引号, 落款日期)
    (r"(?:哪天|哪一天|什么时候|啥时候|何时|几月几号|几号)(?:发布|公布|公开|发的|出的|出来|发出来?|印发|挂网|(?:挂|放|贴)出来|(?:挂|放|发|贴|传)(?:到|在)网上|上网|更新)"
     r"|(?:发布|公布|公开|挂网|更新)(?:日期|时间)", "published"),
    (r"索引号", "index_no"), (r"文号|发文字号", "doc_no"),
    (r"落款|成文日期|成文时间|(?:年报|报告)上?(?:写|标|署|印)的(?:日期|时间)|(?:哪天|哪一天|什么时候|啥时候|何时|几月几号)(?:写|编|写成|编好|完成|签发|签署|签|成文)的?", "signed_on"),
]

# The template's topics: how a sentence prints each, and how a question asks it. A sentence
# about a topic the question does not ask ("因政府信息公开申请行政复议" for "有人申请吗")
# answers it less than one about the asked topic alone.
TEMPLATE_TOPICS = [
    # ("因政府信息公开申请行政复议": the verb of an appeal, not a request)
    (r"依申请|申请公开|公开申请(?!行政复议|复议)|受理件|申请件", r"申请|受理|来信"),
    (r"收费|处理费|减免", r"收费|费|钱|减免"),
    (r"复议", r"复议|告状"),
    (r"诉讼|起诉", r"诉讼|起诉|被告|告状|告了|法院|官司"),
    (r"主动公开|主动发布", r"主动|公开了|发布了"),
]

# Words that make a question about these reports at all.
DOMAIN = re.compile(
    r"申请|公开|复议|诉讼|规章|规范性文件|许可|处罚|强制|收费|采购|报告|年报|落款|政务|电话|地址|邮编|邮箱|网站|联系|"
    r"新闻发布|解读|新媒体|网站|信息|办理|答复|政策|公报|培训|问题|改进|处理费|费用|机关|局|委|政府|办公厅|"
    r"微信|公众号|视频号|直播|粉丝|发布会|上海科技|上海发布|审核|审查|科室|专栏|平台|统计表|附表|申诉|举报")
# ("谁主动公开的信息多", "哪个多还是少": a comparison is of figures)
PROSE_FIGURE = re.compile(r"多少|(?<!哪)几|数量|数目|总数|比例|百分|多大|[天人次件条个场篇项期]数|"
                          r"(?:谁|哪个|哪家|哪一年|哪年)[\u4e00-\u9fff]{0,12}?(?:更多|更少|多些|少些|较多|较少|多$|少$|多[？?]|少[？?])|多还是少|少还是多")

# Words a figure question may carry beyond its table row without narrowing it
FIGURE_FILLER = set("因为 因本 是因为 由于 没法 决定 作出 做出 金额 总金额 项目 增减 对外 废止 制发 现行 有效 一栏 总计有 "
                    "过来 计是 主动 其中 哪年 对比 两年 比一比 一年 里面 你好 报表 三里 案子 那些 那个 这类 办完 "
                    "交钱 各有 比是 增加 减少 上一年 下一年 市政府 区政府 县政府 律所 信息公开 政府信息 依申请 "
                    "申请人 申请 收到 总共 合计 共计 全部 所有 统计 填的 填报 表里 表格 年报 年度 啊 呀 被拒 涉及 或者 还是 以及 "
                    "老百姓 群众 市民 公众".split())  # the public: who files requests and appeals, not a narrower figure
# Connectives and fillers: never content a passage must share ("因为…或者…")
FUNCTION_WORDS = set("因为 是因为 由于 或者 还是 以及 而且 并且 但是 那个 那些 这个 这些 这类 有人 有没有 啊 呀 吧 嘛 "
                     "以后 之后 然后 以前 之前 的话 里面 其中 当中 应该 应当 "      # 里面: of the figure before
                     "金额 数量 数目 总额".split())   # a measure's name: "无收费及减免" answers 收费减免金额多少
# "涉及征地拆迁的申请": a topic the tables do not break figures down by
TOPIC_QUALIFIER = re.compile(r"(?:涉及|关于|有关|针对|属于)([\u4e00-\u9fff]{2,8}?)(?:的|方面|领域|问题|类)|"
                             r"([\u4e00-\u9fff]{2,6}?)(?:方面|领域|(?<!之)类)的(?:申请|信息公开申请|案件|案子|信息|文件|有|占)|"   # 之类的: "and such"
                             # "有多少是学生家长提的": who filed them, where no column says so
                             r"(?:是由|是|由)([\u4e00-\u9fff]{2,8}?)(?:提的|提出的|申请的|递交的|提交的|来申请的|来问的)")

# A clause: the words between two stops.
_CLAUSE_STOP = r"[，。？！,?!；;、\s]"


class _Trigger:
    """A refusal rule's words, less the uses in which they are not what the rule is about.
    Used like a compiled pattern: ``.search(text)`` gives the first use that counts, else None."""

    def __init__(self, pattern: str, ordinary=None):
        self.pattern = re.compile(pattern)
        self._ordinary = ordinary  # (match, text) -> True when this use is an ordinary one

    def search(self, text: str):
        return next((m for m in self.pattern.finditer(text)
                     if not (self._ordinary and self._ordinary(m, text))), None)


def _clause_before(m: re.Match, text: str) -> str:
    """The words of m's clause that come before it."""
    return re.split(_CLAUSE_STOP, text[:m.start()])[-1]


# Dimensions no table breaks a figure down by: "自然人里男的女的各多少",
# "网上提交的和写信寄来的各有多少" are not answered with the row's total. A word counts only
# where it qualifies what is counted (breakdown_dimension strips the rest first).
_CHANNEL = r"网上|在线|网络|线上|线下|信函|书信|邮寄|当面|现场|传真|电子邮件|电子邮箱|邮件|口头"
_APPLYING = r"申请|提交|提出|递交|受理|收到|接收|来信"
_MONTH_ASKED = r"几月|哪个?月|哪几个月|什么月份"
BREAKDOWN_DIMENSIONS = [
    (re.compile(r"男的|女的|男性|女性|男女|性别"), "性别"),
    (re.compile(r"年龄|\d+岁|老年人|未成年|年轻人"), "年龄"),
    # a channel of applying ("网上申请的", "以信函形式提交", "收到的申请里当面的"), not the
    # web the agency publishes on ("在政府采购网上公开", "网上办事大厅", "在线审查")
    (re.compile(rf"网申|写信|寄来|寄过来|(?:{_CHANNEL})(?:方式|形式|渠道|途径)?[^，。？！,?!；;]{{0,4}}?(?:{_APPLYING})|"
                rf"(?:{_APPLYING})[^，。？！,?!；;]{{0,6}}?(?:{_CHANNEL})|"
                # asked of requests received ("是怎么提交的", "以什么方式提出的"), not how to apply
                rf"(?:怎么|怎样|如何|什么(?:方式|形式|渠道|途径))(?:{_APPLYING})的"),
     "申请方式（网上、信函、当面等）"),
    # who the applicants are, not an agency's name (民族宗教事务局) or a school (职业技术学院)
    (re.compile(r"外地人|本地人|外省|外地户籍|本地户籍|少数民族|(?:户籍|职业|学历|民族)(?:分布|构成|结构|情况|类别|是|为|不同)|"
                r"(?:什么|哪些|哪种|哪个|哪里|各|不同|按)(?:户籍|职业|学历|民族)|(?:申请人|申请者|人|者)(?:的|中|里)?(?:户籍|职业|学历|民族)"),
     "申请人身份"),
    # a month named, or asked of the requests ("几月份收到的", "哪个月最多"); a month asked of
    # anything else ("统计期限是几月到几月", "预算几月公开") is a date the prose may give
    (_Trigger(r"(?<!\d)\d{1,2}月份?(?!\d*日)|[一二三四五六七八九十]{1,2}月份|上半年|下半年|季度|每月|每个月|各月|逐月|按月|"
              + _MONTH_ASKED,
              lambda m, text: bool(re.fullmatch(_MONTH_ASKED, m.group())) and not re.search(
                  r"申请|收到|受理|新收|提交|提出|办结|答复|多少|(?<!哪)几(?!个?月)|数量|最多|最少|最高|最低|分别|各", text)),
     "月份"),
]
# A span that is the whole year ("1-12月", "1月至12月") is the report's own period, not a month.
_WHOLE_YEAR = re.compile(r"(?<!\d)0?1\s*(?:月份?)?\s*(?:[-—–~～至到])\s*(?:\d{4}\s*年\s*)?12\s*月份?(?!\d*日)|"
                         r"一月份?\s*(?:[-—–~～至到])\s*十二月")
# A statement about the asker ("我70岁了，", "我是外地人，"): who asks, not what is counted.
_ABOUT_ASKER = re.compile(r"(?:^|(?<=[，。？！,?!；;\s]))(?:我|本人)(?:今年|已经|已|现在|目前)?"
                          r"(?:是|为|属于|\d+岁|[一二三四五六七八九十]+岁)[^，。？！,?!；;]*[，。？！,?!；;]")
_ASKS = re.compile(r"多少|几|吗|么|哪|什么|怎|是否|有没有")

# "纠正的64件分别是哪些部门、什么事由": details the tables do not list. The reasons a request
# was refused are the sub-rows of 不予公开/无法提供/不予处理 (不掌握, 重复申请 …): those the table lists.
_REASON_GROUPS = re.compile(r"不予公开|驳回|拒绝公开|被拒|无法提供|不予处理|其他处理")
ASKS_DETAILS = _Trigger(r"哪些部门|哪些单位|哪个部门|什么事由|哪些事由|什么原因|哪些原因|具体是哪|分别是哪|哪几个|名单|明细|案由|"
                        r"具体(?:买|采购|办|做|是)(?:的|了)?(?:是)?(?:什么|啥|哪些)|因为什么",
                        lambda m, text: "原因" in m.group() and bool(_REASON_GROUPS.search(text)))


def breakdown_dimension(question: str) -> str | None:
    """The dimension a count question breaks its figure down by, when the
    national template's tables never do (性别, 申请方式 …)."""
    text = _WHOLE_YEAR.sub("", question)
    text = _ABOUT_ASKER.sub(lambda m: m.group() if _ASKS.search(m.group()) else "", text)
    return next((name for pattern, name in BREAKDOWN_DIMENSIONS if pattern.search(text)), None)


def qualifier_topic(question: str) -> str | None:
    """"涉及征地拆迁的申请" → 征地拆迁: the topic a figure is narrowed to."""
    m = TOPIC_QUALIFIER.search(question)
    if not m:
        return None
    # "其中工作动态类的", "那政务公开类": the follow-up's words are not the topic
    # "14年安全监管类的": the year's 年 is not the topic
    topic = re.sub(r"^(?:年度?|其中|那么|那|里面|其)", "", next(g for g in m.groups() if g))
    return topic if len(topic) >= 2 else None


# Homophone slips people make in these words, read as meant
TYPOS = [("行政附议", "行政复议"), ("申情", "申请"), ("政俯", "政府")]

# Question words that carry no content ("由哪个科室", "经过哪些审核", "条数").
QUESTION_WORDS = set("内容 那边 这边 那里 这里 那块 这块 哪个 哪些 哪里 哪儿 几个 几次 经过 需要 要求 可以 能否 能不能 是不是 为什么 为何 怎样 怎么样 什么样 "
                     "多大 多长 多久 条数 件数 次数 场次 个数 总数 数量 数目 具体 相关 有关 方面 主要 一下 告诉 知道 "
                     "请问 哪家 我们 你们 您好 目前 现在 当年 分别 各是 各自 了吗 没有 有无 是否 情况 "
                     "本机关 本单位 这份 这篇 哪天 哪一天 为止 何时 什么时候 多长时间 多少天 一般 通常 大概 大约".split())

# What a count of items is a count of, when a question names nothing but the action
# ("全年公开了多少条信息"): tried in this order.
COUNTED_ACTIONS = ("发布", "公开", "受理", "收到", "办理", "答复", "移交", "更新")

# A question's word and the words a report uses for the same thing.
PROSE_SYNONYMS = {
    "原名": ("原名", "(原", "（原", "更名", "以前"),      # "以前叫什么": printed 局(原…委员会)
    "查阅": ("查阅", "下载", "查看", "浏览", "获取", "公布", "发布"),
    "电子版": ("电子版", "全文"),
    "费用": ("费用", "收费", "处理费", "收取", "工本费", "复制费", "邮寄费"),   # not 费 alone: 缴费, 经费 are others
    "编制": ("编制", "编写", "汇总", "撰写"),
    "追责": ("追责", "责任追究", "问责", "追究责任"),
    "问责": ("问责", "责任追究", "追责", "追究责任"),
    "公布": ("公布", "公开", "发布", "刊登", "网站", "查阅", "下载"),
    "按时": ("按时", "法定期限", "按期", "及时", "期限内"),
    "及时": ("及时", "法定期限", "按时", "期限内"),
    "收取": ("收取", "收费", "收"),
    "收费": ("收费", "收取", "处理费", "免费", "减免"),      # "要收费吗" is answered by "全部免费提供"
    "处理费": ("处理费", "收费"),
    "审核": ("审核", "审查", "审批", "把关"),
    "现场": ("现场", "场所", "窗口", "大厅", "查阅点"),      # "现场查阅要去哪": the reading room
    # "是专职的吗" is answered by the staff's kind, whichever it is
    "专职": ("专职", "兼职", "专人"),
    "兼职": ("兼职", "专职", "专人"),
    "审查": ("审查", "审核"),
    # "年报依据什么编的", "依据哪些规定": the rules a report says it follows (根据《条例》…要求编制)
    "递交": ("递交", "提交", "提出", "受理"),
    "官网": ("官网", "官方网站", "门户网站", "网站"),
    "门户网站": ("门户网站", "网站", "门户网", "官网"),     # "山西省外办在门户网站发布": printed 利用…网站
    "个人": ("个人", "自然人", "公民"), "企业": ("企业", "法人"),     # who applied, as the table names them
    "依据": ("依据", "根据", "按照", "依照", "遵照"),
    # a document asked by its number ("文号是多少"): printed 〔2016〕237号 / [2009]180号
    "文号": ("文号", "〕", "]号", "号)", "号）"),
    "文件": ("文件", "通知》", "意见》", "办法》", "规定》", "方案》", "要点》", "〕"),   # a document, printed by its title
    # "从什么时候开始": printed "2008年5月1日起…施行"
    "开始": ("开始", "起", "启动", "施行", "实施"),
    "下一年": ("下一年", "下年度", "下年", "明年"),
    "办完": ("办完", "办结", "办理完毕", "答复完毕"),
    "撤回": ("撤回", "撤销", "撤申请"),      # a request withdrawn, printed 申请人主动撤销2件
    "规定": ("规定", "条例", "办法", "要求"),
    "法规": ("法规", "条例", "办法", "规定"),
    "发布": ("发布", "公开", "发"),
    "科室": ("科室", "科", "处室", "部门"),
    "统筹": ("统筹", "负责", "牵头"),
    "收到": ("收到", "接收", "受理", "接到"),
    "流程": ("流程", "程序", "步骤", "环节"),
    "进度": ("进度", "状态", "进展"),
    "渠道": ("渠道", "形式", "方式", "途径", "载体", "通过"),
    "工作人员": ("工作人员", "人员", "专职", "兼职"),      # "通过网站、公告栏公开"
    # where information is published ("在哪里公开的"): the places reports name, not the word 渠道
    "载体": ("载体", "网站", "网上", "门户", "平台", "公开栏", "专栏", "公众号", "政务公开栏"),
    "平台": ("平台", "网站", "专栏", "门户", "公众号", "渠道", "载体"),
    "主动": ("主动", "共公开", "共发布"),     # 主动公开了多少条: "共公开信息121条"
    "负责": ("负责", "承办", "牵头", "分管", "主管"),
    "期限": ("期限", "统计时间", "统计期间", "时间为", "起至", "截至", "1月1日", "数据统计"),     # the statistics period, however printed
    "类别": ("类别", "种类", "类", "主要有", "包括"),
    "放在": ("放在", "放置", "摆放", "存放"),
    "上一年": ("上一年", "上年", "去年", "上年度", "前一年"),
    "去年": ("去年", "上年", "上一年", "上年度"),
    "处理": ("处理", "办理"),
    # how something is pushed forward, in the words reports use (通过加强日常督查…推进)
    "推动": ("推动", "推进", "促进"),
    "手段": ("手段", "措施", "办法", "通过"),
    "召开": ("召开", "举办", "组织"),
    "开了": ("召开", "举办", "开展"),
    "举办": ("举办", "召开", "组织"),
    "编辑": ("编辑", "编印", "出版", "刊登", "印发", "编发"),
    "培训": ("培训", "学习", "讲解"),
    "网站": ("网站", "网", "线上"),
    "政府网站": ("政府网站", "网站"),
    "打官司": ("打官司", "诉讼", "起诉"),
    "诉讼": ("诉讼", "起诉"),
    "告状": ("告状", "诉讼", "复议"),
    # the public, as citizens say it and as reports print it
    "老百姓": ("老百姓", "公众", "群众", "市民", "社会"),
    "群众": ("群众", "公众", "老百姓", "市民"),
    "市民": ("市民", "公众", "群众"),
    "查看": ("查看", "查阅", "查询", "浏览"),
    "查询": ("查询", "查阅", "查看"),
    # how a request was made, in the words reports use
    "网上": ("网上", "网络", "在线", "互联网", "网申", "政府网"),
    "在线": ("在线", "网上", "网络"),
    "信函": ("信函", "邮寄", "来信", "信件"),
    "当面": ("当面", "现场", "窗口"),
    # money asked colloquially, printed as 费用 / 支出 / 经费
    "花了": ("花了", "费用", "支出", "经费", "开支", "花费"),
    "花费": ("花费", "费用", "支出", "经费", "开支"),
    "钱": ("钱", "费用", "支出", "经费", "开支", "金额", "元"),
}

# How-to questions: the answer is a procedure, so two sentences are quoted.
HOW_TO = re.compile(r"怎么|怎样|如何|哪些|流程|程序|步骤|方式|渠道|途径|措施|制度|做法|审核|审查|办法")

# How a report's prose names a table row next to its figure ("不予公开答复 2 件",
# "行政诉讼46件"): used to cite the sentence that states the same number.
PROSE_ECHO = {
    "requests.new": r"申请", "requests.carried_over": r"结转|转结", "requests.carried_forward": r"结转|转结|顺延|转(?:到|入|至)?下",
    "requests.granted": r"予以公开|全部公开", "requests.partial": r"部分公开", "@denied": r"不予公开",
    "@unavailable": r"无法提供", "@not_processed": r"不予处理", "@other": r"其他处理",
    "requests.handled_total": r"答复|办结|办理|处理", "appeals.review": r"复议",
    "appeals.litigation_direct": r"诉讼", "appeals.litigation_after_review": r"诉讼", "@litigation": r"诉讼",
    "proactive.rules": r"规章", "proactive.normative_docs": r"规范性文件", "proactive.licensing": r"许可",
    "proactive.penalty": r"处罚", "proactive.enforcement": r"强制", "proactive.fees": r"收费",
}
# a running total over years ("截至2022年底，累计主动公开398条"), not the year's own figure
CUMULATIVE = re.compile(r"累计|截至|截止|历年|至今|以来共")
YES_NO = re.compile(r"吗[？?]?$|是否|有没有|有无|了没有?[？?]?$|([\u4e00-\u9fff])[没不]\1")   # 收费了没, 收没收
# "比上一年是增加还是减少了": a change against the year before, asked of one report
CHANGE_ASK = re.compile(r"(?:比|较|相比|对比)(?:上一?年|去年|前一年|上年度)|同比|增加还是减少|增长还是下降|多了还是少了|涨了还是降了|"
                        r"增减|变化了?多少|有什么变化|有何变化")
CHANGE_STATED = re.compile(r"(?:较|比|同比)(?:去年|上年|上一年|前一年|上年度|(?:19|20)\d{2}年)?(?:同期)?[^。；，,]{0,6}?"
                           r"(?:增长|增加|上升|减少|下降|回落|降低|提高|持平|多|少)[^。；，,]{0,4}?(?:\d|持平)")

# "需要提供身份证吗", "要填写姓名吗", "申请人可以留什么联系方式": what the asker must give,
# not somebody's particulars asked for
_GIVEN_BY_ASKER = re.compile(r"(?:需要|需|要|必须|是否|得|应当|应该|可以|能|(?<!申)请|须)[\u4e00-\u9fff]{0,2}?"
                             r"(?:提供|填写|填|出示|携带|带上|带|提交|留下|留|登记|上传|核验|写明|写)[\u4e00-\u9fff]{0,3}$")
# "申请人可以通过什么联系方式咨询", "申请人有疑问打什么电话": the agency's line the asker uses
_CONTACT_MEANS = re.compile(r"通过|用|打|拨|找|联系|咨询|询问|反映|问|留|提供|填|写")


# things with a name that is no one's personal data: "微信公众号叫什么名字", "那个栏目叫什么"
_NAMED_THINGS = re.compile(r"(?:公众号|微信|微博|视频号|抖音|头条号|号|网站|网页|平台|栏目|专栏|专题|系统|App|APP|"
                           r"客户端|小程序|机构|单位|部门|科室|机关|文件|制度|办法|报告|刊物|热线)的?$")


# "交通运输局以前叫什么名字": an agency's name, past or full
_AGENCY_NAMED = re.compile(r"(?:局|委员会|委|厅|办|政府|中心|街道|镇|乡|管委会|办事处)(?:以前|原来|之前|过去|现在|原先|改革前)?"
                           r"(?:的)?(?:全称|简称)?(?:是|又)?$")


def _not_personal(m: re.Match, text: str) -> bool:
    before = _clause_before(m, text)
    if _GIVEN_BY_ASKER.search(before):
        return True
    if m.group(0) == "叫什么名字" and (_NAMED_THINGS.search(before) or _AGENCY_NAMED.search(before)):
        return True
    if m.group(0) in ("身份证", "姓名", "住址", "家庭住址", "手机号") and _HANDLING_ASKED.search(text):
        return True     # "公开时怎么处理村民身份证这类隐私": how the agency protects such data, a procedure
    between = m.groupdict().get("between")
    return bool(between and _CONTACT_MEANS.search(between))


_HANDLING_ASKED = re.compile(r"(?:怎么|如何|怎样|是否|有没有)(?:处理|保护|脱敏|隐去|遮挡|屏蔽|审查)|隐私")


# Asking GovQA to do a task rather than answer from the reports: off topic whatever it mentions.
# who applied, and where they live, is personal data: no report prints it and no answer should guess it
PERSONAL_DATA = _Trigger(r"叫什么名字|姓名|身份证|住(?:在)?哪|家庭住址|住址|手机号|"
                         r"(?:是)?谁(?:申请|提出|提起|起诉|告|复议)的|有没有姓[\u4e00-\u9fff]|姓[\u4e00-\u9fff]的(?:人|申请人)?|"
                         r"(?:那|这)(?:个|几个|些|位)人(?:是谁|是哪|叫|住)|哪个小区的(?:业主|人)|"
                         r"(?:申请人|当事人|原告|投诉人)(?P<between>.{0,6}?)(?:是谁|名字|电话|联系方式)", _not_personal)
# a judgement or forecast about a case or a year to come: the reports state what happened
# (你看 as "in your view", not "你看看/你看一下 …" asking to look something up)
OPINION = re.compile(r"你(?:觉得|认为|估计)|(?:依|照|在)你看|你看(?![看一到过见着下完了])|能(?:不能)?(?:赢|胜诉)|"
                     r"会不会(?:赢|胜诉|输)|胜算|胜诉(?:率|的?可能)|值不值得|"
                     r"该不该|应不应该|建议我|预测|预计.{0,8}(?:明年|下一年|今后)")
# 起草 / 翻译 as a request to GovQA ("帮我起草", "起草一份…", "翻译成英文"), not the report's
# own work ("起草政策时坚持什么原则")
TASK_REQUEST = re.compile(r"帮我写|帮忙写|写一封|写一篇|代写|编一个|生成一|翻译成|译成|"
                          r"(?:^|" + _CLAUSE_STOP + r"|帮我|帮忙|替我|给我|(?<!申)请|你)(?:来|能|可以|能不能|能否)?"
                          r"(?:帮我|帮忙|替我|给我)?(?:起草|翻译)")

# A question about the report's own section 五 (problems and improvements).
# asking for a reason: answered only by a sentence that gives one
WHY_ASK = re.compile(r"为什么|为何|为啥|什么原因|啥原因|原因是|怎么回事|咋回事|怎么会|因为什么|因何|什么理由|啥理由")
# (a cause, or the shortfall a report gives as one: "人员编制又偏少,无法配备专职人员")
REASON_GIVEN = re.compile(r"因|由于|原因|所致|导致|影响|鉴于|缘于|以来|为了|是为|无法|难以|缺乏|不足|偏少|较少|不够")
PROBLEMS = re.compile(r"问题|不足|差距|短板|薄弱")
# asking how the work went overall (整体情况怎么样): the report's 总体情况 answers
ASKS_OVERALL = re.compile(r"(?:整体|总体|总的|大体|全年)[\u4e00-\u9fff]{0,8}?(?:情况|开展得?)(?:怎么样|如何|怎样)|"
                          r"(?:整体|总体)(?:上|来看)?(?:怎么样|如何)")
# asking what the problems are (网站这块有什么问题), not "有问题找谁"
ASKS_PROBLEMS = re.compile(r"(?:什么|哪些|啥|哪方面的?)(?:主要)?(?:问题|不足|差距)|(?:问题|不足)(?:是什么|是啥|有哪些|在哪)|存在.{0,6}(?:问题|不足)")
# the template's sixth section, named by its heading
OTHER_MATTERS = re.compile(r"其他需要报告的?事项|其他(?:需要|要)?报告(?:的)?(?:事项|内容|事)|其他事项")
IMPROVEMENTS = re.compile(r"改进|整改|下一步|怎么改|如何改|改的|打算|计划|明年|措施|今后|准备(?:怎么|如何|从|在|采取)|从哪几?个?方面")

# Units a report may use for the unit a question asks ("多少个申请" → "17件").
UNIT_EQUIVALENTS = {
    "%": ("%", "％"),
    "个": ("个", "件", "项", "家", "名", "人", "条", "位"), "件": ("件", "个", "条", "项"), "条": ("条", "件", "篇"),
    "篇": ("篇", "条"), "场": ("场", "次"), "次": ("次", "场", "人次"), "人": ("人", "名", "人次", "位"),
    "名": ("名", "人"), "项": ("项", "个", "件"), "天": ("天", "日", "工作日"), "日": ("日", "天", "工作日"),
    "元": ("元", "万元", "亿元"), "份": ("份", "条", "件", "篇", "个"), "封": ("封", "件", "条"), "起": ("起", "件", "宗", "个"), "宗": ("宗", "件", "起"),
}

# How a report's prose names a result column ("结果纠正64件").
PROSE_ECHO_COLUMNS = {"upheld": r"维持", "corrected": r"纠正|纠错", "other": r"其他", "pending": r"未审结|尚未审结",
                      "natural_person": r"自然人|个人", "business": r"企业", "legal_service": r"法律服务",
                      "research": r"科研", "social_org": r"社会公益|社会组织", "other_org": r"其他组织|法人"}

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
    ("街道办", "街道办事处"), ("街办", "街道办事处"), ("高新区", "高新技术产业园区"),
    ("高新区", "高新技术产业开发区"), ("经开区", "经济技术开发区"), ("经开区", "经济开发区"), ("街道", "街道办事处"), ("民宗局", "民族宗教事务局"),
    ("侨办", "侨务办公室"), ("国资委", "国有资产监督管理委员会"), ("公积金中心", "住房公积金管理中心"),
]


# who compiled the report and on what rule ("谁编的", "按照哪个文件的要求编制"): the sentence
# on the report's own outline says so, and answers it
ASKS_COMPILING = re.compile(
    r"(?:谁|哪个[\u4e00-\u9fff]{0,4}?|什么[\u4e00-\u9fff]{0,4}?)(?:来)?(?:汇总|综合|负责|牵头)?(?:编|编制|编写|写|撰写|汇总)的|由谁(?:编|负责编|写)|"
    r"由(?:哪个|哪一个|什么)[\u4e00-\u9fff]{0,4}?(?:负责)?(?:编制|编写|汇总)|"
    r"(?:按照|根据|依据|依照|按)(?:哪个|什么|哪些|哪份|哪一个)[\u4e00-\u9fff]{0,8}?(?:文件|规定|要求|通知|格式|条例)|"
    r"(?:哪个|什么|哪份)(?:文件|通知|规定)[\u4e00-\u9fff]{0,8}?(?:要求|格式|编|规定)")
