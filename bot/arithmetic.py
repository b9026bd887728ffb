"""Sums and differences a question asks of figures one answer already quotes:
"计划总结信息和文件解读信息加起来一共几条", "新制作的比新公开的多几件".

The figures are read from the answer's own text (the quoted sentence, or the table
items it lists), each next to the words the question names it by; the result is
computed, said to be computed, and recorded in ``computed`` so every operand can be
checked against the citations. Nothing is computed when an item cannot be told
apart in the text: then the quoted figures stand alone, as before."""

from __future__ import annotations

import re

from bot.answer import _SENTENCE, citation, row_citation_texts
from ingest.chunks import report_title
from ingest.lexicon import key_label
from ingest.report import ParsedReport
from prompts import answers as T

_SUM = re.compile(r"加起来|加在一起|加一起|合起来|合在一起|合计|一共|总共|共计|总和|之和")
_DIFFERENCE = re.compile(r"多多少|少多少|差多少|相差|差距|多几|少几|差几|多了多少|少了多少|多出|少了几|多了几")
# the items a question joins ("A和B", "A加上B", "A比B")
_JOIN = re.compile(r"和|与|及|以及|跟|加上|加|、|比|还有")
_QUESTION_WORDS = re.compile(r"(?:加起来|加上|加在一起|加一起|合在一起|合起来|合计|一共|总共|共计|总和|之和|相差|差距|分别)"
                             r"|(?:是|有|为)?(?:多少|几)[件条个份篇项次场人期册]?|哪个|多了?|少了?|差|[？?，,。]")
# a list inside brackets, 各县(市、区): part of the name before it, no item of its own
_LISTED_IN_BRACKETS = re.compile(r"[（(][^）)]{0,8}、[^）)]{0,8}[）)]")
# a figure printed after its label, in one clause: "计划总结信息1条", "新制作数量64"
_LABELLED = re.compile(r"([^\d，,；;。：:（）()]{1,40}?)(\d+(?:\.\d+)?)\s*(?:[大小](?=项))?(件|条|个|份|篇|项|次|场|人次|人|名|位|期|册|家|宗|起|万元|元)?")
_UNITS = "件条个份篇项次场人名位期册家宗起"


# "转发的文章里，不算本土新闻的有多少条": a whole less one part of it
_EXCLUDE = re.compile(r"(?:不算|除去|去掉|扣除|除了|不包括|不含|不是|没(?:有)?被|未被)(?:通过)?([^，,。？?]{2,16}?)(?:发布|公开)?(?:的|以外|之外)"
                      r"[^，,。？?]{0,8}?(?:有)?(?:多少|几)")


def asked_op(question: str) -> str | None:
    if _EXCLUDE.search(question):
        return "exclude"
    if _DIFFERENCE.search(question) or re.search(r"比.{1,20}?(?:多|少)[\u4e00-\u9fff]{0,4}?(?:多少|几)", question):
        return "difference"
    # "三大攻坚战信息和公共监管信息，哪个发得多": which is more is told by the difference
    if re.search(r"哪(?:个|一个|项|类|样)[\u4e00-\u9fff]{0,6}?(?:更多|更少|多|少)", question) and _JOIN.search(question):
        return "difference"
    if _SUM.search(question) and _JOIN.search(question):
        return "sum"
    return None


def _items(question: str, op: str, agency_words: list[str] = ()) -> list[str]:
    """The things the question adds or subtracts, in its order ("A比B多" → [A, B])."""
    t = question
    for w in sorted(agency_words, key=len, reverse=True):
        t = t.replace(w, " ")
    t = re.sub(r"(?:19|20)\d{2}\s*年度?|\d{2}年", " ", t)
    t = re.sub(r"[（(）)]", " ", _LISTED_IN_BRACKETS.sub("", t))
    # "那行政许可呢？比行政处罚多多少": one comparison asked in two breaths
    t = re.sub(r"(?:呢|的话)?\s*[？?，,]\s*(?=比)", "", t)
    if op == "sum":
        # the items before the sum word ("A和B加起来"), or after it ("一共…(文字的加图片视频的)")
        pieces = _SUM.split(t)
        head = next((p for p in pieces if len([x for x in _JOIN.split(p) if x.strip()]) >= 2), pieces[0])
    head = head if op == "sum" else re.split(r"多多少|少多少|差多少|相差|多几|少几|差几|多了|少了|多出|，|,|？|\?|哪个|"
                                              r"[多少](?=[\u4e00-\u9fff]{1,4}?(?:多少|几))", t)[0]
    # "A比B多几": 比 parts the two, whatever joins each holds (社会救助和社会福利栏目比教育信息栏目)
    compared = head.split("比", 1) if op == "difference" and "比" in head else None
    parts = [p for p in (compared or _JOIN.split(head)) if p.strip()]
    # ("…各公开多少条？两项加起来": the count of items and 各 name no item)
    parts = [[w for w in _QUESTION_WORDS.sub(" ", re.sub(r"各(?:公开|发布|有|是)", " ", p)).split()
              if not re.fullmatch(r"[两二三四五几](?:项|个|类|者|样)", w)] for p in parts]
    # the words next to the join name the item ("…年公开的计划总结信息" → 计划总结信息)
    # "行政许可比行政处罚的处理决定": the measure after the last item's 的 is every item's
    raw = [p[-1] for p in parts if p]
    shared = re.search(r"的([\u4e00-\u9fff]{2,8})$", raw[-1]) if raw else None
    if shared and len(raw) >= 2 and not _GENERIC_NOUN.fullmatch(shared.group(1)):
        # (an item with a measure of its own, 公众号发的信息, keeps it)
        raw = [r if r.endswith(shared.group(1)) or "的" in r else r + shared.group(1) for r in raw]
    # "废止的规范性文件比新制发的多几件": an item left at its 的 counts what the other one names
    noun = next((m.group(1) for r in raw if (m := re.search(r"的([\u4e00-\u9fff]{2,8})$", r))), "")
    raw = [r + noun if r.endswith("的") and noun else r for r in raw]
    return [p for p in (_item_words(r) for r in raw) if len(p) >= 2]


_GENERIC_NOUN = re.compile(r"(?:政府)?(?:信息公开|依申请公开)?(?:信息|申请|件数|数量|条数|事项|文件|数)$")


def _item_words(part: str) -> str:
    """"部分公开的申请" → 部分公开 (申请 is what every item counts); "公开的计划总结信息" → 计划总结信息."""
    part = re.sub(r"[两二三四五六七八九十几]\s*(?:类|项|个|种|样)的?(?:信息|数字|数据|渠道|平台|方面|领域|栏目)?$", "", part)    # “应用推广”两类信息, 新闻报道三个渠道
    part = re.sub(r"^(?:那么|那|这|还有)(?=[\u4e00-\u9fff]{2})", "", part)     # a follow-up's 那
    part = re.sub(r"^(?:政府)?(?:信息公开|政务公开)(?:工作)?的?(?=[\u4e00-\u9fff]{2})", "", part)   # 信息公开兼职: the topic, every item's
    # "在自家门户网站": where, whose, no word of the item's label
    part = re.sub(r"^(?:在|通过|从|于)?(?:自家|自己的?|本单位|本级)?(?=[\u4e00-\u9fff“]{2})", "", part)
    part = re.sub(r"^[的了是]|[的了是]$", "", part)
    part = re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:信息|数据)$", "", part)      # 决算信息: 信息 is what every item is
    # "网站公开的信息里新闻报道": the item is what follows 里 / 当中
    inside = re.split(r"里面|里|当中|之中|其中", part)[-1]
    part = inside if len(inside) >= 2 else part
    if "的" in part:
        pre, post = part.rsplit("的", 1)
        if _GENERIC_NOUN.fullmatch(post) and len(pre) >= 2:
            # ("当面提交的申请": how it came, 当面; 提交 is what every request is)
            return re.sub(r"(?<=[\u4e00-\u9fff]{2})(?:提交|提出|递交|申请|办理)$", "", pre)
        if re.search(r"(?:公开|发布|收到|受理|推送|办理)$", pre) and len(post) >= 2:
            return post
    return part


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fff]|的", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


_COMMON = {"信息", "公开", "政府", "申请", "数量", "本年", "的情", "情况", "文件", "一共", "多少"}


def _figure_for(item: str, found: list[tuple[str, float, str, int]], taken: set[int]) -> tuple[float, str, int] | None:
    """The labelled figure whose label holds most of the item's words (common ones count
    little); None unless one label clearly does: a guessed operand is a wrong answer."""
    want = _bigrams(item)
    weight = lambda bs: sum(0.2 if b in _COMMON else 1.0 for b in bs)
    if not want:
        return None
    # (a label holding the item and much else, 局门户网站及政务新媒体平台合计, is less the item than 局门户网站)
    core = re.sub(r"[^\u4e00-\u9fff]", "", item)

    def negated(label: str) -> bool:
        # "不同意公开的6件" is not 同意公开, whatever words the two share
        return not re.match(r"[不未无非]", core) and re.search(r"[不未无非没]" + re.escape(core[:2]), label) is not None

    scored = sorted(((0.0 if negated(label) else
                      weight(want & (have := _bigrams(label))) / weight(want) / (1 + 0.02 * len(have - want)), i)
                     for i, (label, _, _, _) in enumerate(found) if i not in taken), reverse=True)
    if not scored or scored[0][0] < 0.5 or len(scored) > 1 and scored[1][0] > scored[0][0] - 0.15:
        return None
    best = scored[0][1]
    return found[best][1], found[best][2], best


# "各类信息加起来一共多少条": every item the quoted list gives
_EVERY_ITEM = re.compile(r"各(?:类|项|种|个|栏目|渠道|平台)|所有|全部|这些|这几")
_LIST_ITEM = re.compile(r"(?:^|[、，,；;：:])([^\d、，,；;。：:（）()]{2,20}?)(\d+)\s*([件条个份篇项次期])(?=[、，,；;。]|$)")


_TOPIC = re.compile(r"(?:^|[。；;！？!?])\s*([^\d，,；;。：:（）()]{2,24})[，,：:]\s*$")


_LABEL_AFTER = re.compile(r"[\u4e00-\u9fff]{2,12}(?=[，,；;。、]|$)")
_FIGURE_FIRST = re.compile(rf"(?<=[，,；;、])\s*(\d+(?:\.\d+)?)\s*([{_UNITS}])([\u4e00-\u9fff]{{2,12}})(?=[，,；;。、]|$)")


def labelled_figures(body: str, start: int = 0) -> list[tuple[str, float, str, int]]:
    """(label, value, unit, index) of every figure the text prints after its label
    ("计划总结信息1条"), or before the noun it counts ("配备了2名专职工作人员": the label
    is both sides)."""
    found = []
    spans = []
    for m in _LABELLED.finditer(body):
        after = body[m.end():]
        if re.search(r"年$|第$", m.group(1)) or re.match(r"\s*(?:年|月|日|号)", after):
            continue
        # (a number followed by a word that is no unit, 3类46条, counts something else)
        if not m.group(3) and re.match(r"[\u4e00-\u9fff]", after):
            continue
        # (a share, 规划计划类比例0.7%, is no count of the item)
        if re.match(r"\s*[%％]", after):
            continue
        label = m.group(1)
        # "二是旗蒙文网站方面,年内发布各类信息854条": a sentence's figureless opening clause
        # names what its first figure counts
        topic = _TOPIC.search(body[:m.start(1)])
        if topic:
            label = topic.group(1) + label
        if m.group(3) in ("名", "个", "位", "家", "人"):
            # ("5名全职工作人员、71名兼职工作人员": the words after the last 、 are the next figure's own)
            label = label.rsplit("、", 1)[-1] + re.match(r"[\u4e00-\u9fff]{0,8}", after).group(0)
        elif m.group(3) and re.fullmatch(r"\s*(?:其中|另有|另|均|共有|有)?\s*", label):
            # "其中2件予以公开": the label printed after its figure
            label = _LABEL_AFTER.match(after).group(0) if _LABEL_AFTER.match(after) else label
        spans.append((m.start(2), (label, float(m.group(2)), m.group(3) or "")))
    # "…予以公开,4件部分公开,8件…": a clause that opens with its figure
    read = {at for at, _ in spans}
    for m in _FIGURE_FIRST.finditer(body):
        if m.start(1) not in read:
            spans.append((m.start(1), (m.group(3), float(m.group(1)), m.group(2))))
    return [(label, value, unit, start + i) for i, (_, (label, value, unit)) in enumerate(sorted(spans, key=lambda x: x[0]))]


def _sum_of_list(out: dict) -> dict:
    """The sum of one enumeration in the quote (预算决算3条、政策文件28条、…), when it is the
    only one and no total is printed beside it (a printed 共X条 is the answer already)."""
    quotes = re.findall(r"“([^”]+)”", out["answer"])
    lists = []
    for q in quotes:
        for sentence in re.split(r"[。；;]", q):
            items = _LIST_ITEM.findall(sentence)
            if len(items) >= 2 and len({u for _, _, u in items}) == 1:
                lists.append((sentence, items))
    if len(lists) != 1:
        return out
    sentence, items = lists[0]
    if re.search(r"(?:共|合计|总计|累计|总数)[^、，,；;。]{0,12}?\d", sentence):
        return out
    unit = items[0][2]
    nums = [float(v) for _, v, _ in items]
    value = sum(nums)
    said = T.ARITH_SUM.format(terms="＋".join(f"{re.sub(r'^(?:主动公开|公开|发布|其中)', '', label)}{v}{unit}" for label, v, _ in items),
                              value=_fmt(value), unit=unit)
    return {**out, "answer": out["answer"] + said, "computed": [{"op": "sum", "of": nums, "value": value}]}


def joined_labels(items: list[str], text: str) -> list[str]:
    """Items the question's own 和 split that the text prints as one label ("执行和结果公开34条",
    "省政府及其部门331926条"): one item again."""
    flat = re.sub(r"\s+", "", text)
    out: list[str] = []
    i = 0
    while i < len(items):
        label = next((items[i] + j + items[i + 1] for j in ("和", "与", "及", "、")
                      if i + 1 < len(items) and items[i] + j + items[i + 1] in flat), None)
        out.append(label or items[i])
        i += 2 if label else 1
    return out


def _operands(items: list[str], found: list[tuple[str, float, str, int]]) -> list[int] | None:
    """The index in ``found`` of each item's figure, no figure taken twice; None when any
    item's figure is not told apart."""
    picked: list[int] = []
    for it in items:
        got = _figure_for(it, found, set(picked))
        if got is None:
            return None
        picked.append(got[2])
    return picked


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def apply(question: str, out: dict, agency_words: list[str] = ()) -> dict:
    """The answer with the asked sum or difference added, or unchanged."""
    op = asked_op(question)
    if op is None or out.get("refused") or out.get("computed") or not out.get("answer"):
        return out
    if op == "exclude":
        m = _EXCLUDE.search(question)
        whole = question[:m.start()]
        for w in sorted(agency_words, key=len, reverse=True):
            whole = whole.replace(w, " ")
        whole = re.sub(r"(?:19|20)\d{2}\s*年度?|\d{2}年|里|中|[，,]", " ", whole).split()
        items = [_item_words(whole[-1]) if whole else "", _item_words(m.group(1))]
    else:
        items = joined_labels(_items(question, op, agency_words), out["answer"])
    if op == "sum" and len(items) < 2 and _EVERY_ITEM.search(question):
        return _sum_of_list(out)
    if len(items) < 2 or op in ("difference", "exclude") and len(items) != 2 or not all(items):
        return out
    found = labelled_figures(_LISTED_IN_BRACKETS.sub("", out["answer"].split("：", 1)[-1]))
    picked = _operands(items, found)
    if picked is None:
        return out
    values = [(it, found[i][1], found[i][2]) for it, i in zip(items, picked)]
    units = {u for _, _, u in values if u}
    if len(units) > 1 and not units <= set(_UNITS):
        return out          # 万元 against 件: nothing to add up
    unit = next(iter(units), "")
    nums = [v for _, v, _ in values]
    if op == "exclude":
        (w_name, w, _), (p_name, p, _) = values
        if not p < w:
            return out      # the part is no part of that whole
        said = T.ARITH_EXCLUDE.format(whole=w_name, part=p_name, a=_fmt(w), b=_fmt(p), value=_fmt(w - p), unit=unit)
        return {**out, "answer": out["answer"] + said, "computed": [{"op": "difference", "of": [w, p], "value": w - p}]}
    if op == "sum":
        value = sum(nums)
        said = T.ARITH_SUM.format(terms="＋".join(f"{it}{_fmt(v)}{unit}" for it, v, _ in values),
                                  value=_fmt(value), unit=unit)
        computed = [{"op": "sum", "of": nums, "value": value}]
    else:
        (a_name, a, _), (b_name, b, _) = values
        if a < b:
            (a_name, a), (b_name, b) = (b_name, b), (a_name, a)
        value = a - b
        said = (T.ARITH_DIFFERENCE if value else T.ARITH_EQUAL).format(
            more=a_name, less=b_name, a=_fmt(a), b=_fmt(b), value=_fmt(value), unit=unit)
        computed = [{"op": "difference", "of": [a, b], "value": value}]
    return {**out, "answer": out["answer"] + said, "computed": computed}



def gathered(question: str, report: ParsedReport, agency_words: list[str] = ()) -> dict | None:
    """The asked sum or difference when its figures stand in different sentences of the
    report ("政策法规类信息3条" in one, "机构职能类信息6条" in the next): each operand read
    from the sentence whose label names it, every sentence quoted and cited, then computed
    as ``apply`` does. None when any operand is not told apart."""
    op = asked_op(question)
    if op not in ("sum", "difference") or re.search(r"其中", question):
        return None     # ("…一共几件？其中商业企业几件": a total and a part of it, two figures asked, no sum)
    items = joined_labels(_items(question, op, agency_words),
                          "".join(p for sec in report.sections for p in sec.paragraphs))
    if len(items) < 2 or op == "difference" and len(items) != 2:
        return None
    table = _from_table(question, items, report)
    if table is not None:
        return table
    found, where = [], []      # every labelled figure of the report, and the sentence it stands in
    for sec in report.sections:
        for para in sec.paragraphs:
            for sent in _SENTENCE.findall(para):
                sent = sent.strip()
                more = labelled_figures(_LISTED_IN_BRACKETS.sub("", sent), len(found))
                found.extend(more)
                where.extend([(sec.heading, para, sent)] * len(more))
    indices = _operands(items, found)
    if indices is None:
        return None
    picked = [where[i] for i in indices]
    sentences = list(dict.fromkeys(s for _, _, s in picked))
    out = {"answer": T.PROSE.format(title=report_title(report), quote="".join(sentences)), "refused": False,
           "kind": "prose", "coverage": 1.0,
           "citations": [citation(report, heading, para.strip(), None) for heading, para, _ in dict.fromkeys(picked)]}
    done = apply(question, out, agency_words)
    return done if done.get("computed") else None


def _from_table(question: str, items: list[str], report: ParsedReport) -> dict | None:
    """The asked sum or difference of table cells ("行政许可比行政处罚的处理决定多多少件"): each
    operand the row whose label names it (a row's total), cited by its row."""
    keys = [k for k in report.values if k.endswith(".total") or k.startswith("proactive.") and k.count(".") == 2]
    if not keys:
        return None
    unit = lambda k: "万元" if "10k_yuan" in k else "元" if "yuan" in k else "件"
    found = [(key_label(k), float(report.values[k]), unit(k), i) for i, k in enumerate(keys)]
    indices = _operands(items, found)
    if indices is None:
        return None
    picked = [keys[i] for i in indices]
    stems = [".".join(k.split(".")[:-1]) for k in picked]
    rows = row_citation_texts(report, list(dict.fromkeys(stems)))
    quote = "；".join(f"{key_label(k)}{_fmt(report.values[k])}{unit(k)}" for k in picked)
    out = {"answer": T.PROSE.format(title=report_title(report), quote=quote), "refused": False, "kind": "figure",
           "citations": [citation(report, "", rows[s], k) for s, k in dict.fromkeys(zip(stems, picked))]}
    done = apply(question, out, ())
    return done if done.get("computed") else None
