"""GovQAService: the one object the CLI, the HTTP routes, WeChat and the eval
suite call. Heavy resources (model, store, the shared-state database) are passed
in, loaded once; conversations live in the database (govqa/db.py), so a
follow-up continues on any instance sharing it."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections import OrderedDict

from bot import aggregate as AG
from bot import answer as A
from bot import arithmetic
from bot import lexicon as q
from bot import outline
from bot import reconcile
from bot.retriever import HybridRetriever
from bot.understand import (AgencyIndex, Question, load_character_tables, parse_question, placed_for_placeless,
                             unexplained_terms)
from ingest import lexicon as lx
from ingest.chunks import _fmt
from ingest.chunks import prose_chunks
from ingest.parser import parse_file
from ingest.reader import to_simplified
from ingest.report import ParsedReport
from prompts import answers as T

REPORTS_CACHED = 256  # parsed reports kept in memory (a 10,000-report store holds far more)
FAQ_POLL_S = 1.0  # how often an instance looks for FAQ entries changed by another one


def _columns_named(question: str, keys: list[str]) -> list[str]:
    """Columns a follow-up names ("其中商业企业的呢", "结果纠正的有几件")."""
    if not keys:
        return []
    if keys[0].startswith("proactive."):   # "采购了几个项目": a column of either template's table 二
        words = [w for ws in q.PROACTIVE_COLUMN_WORDS.values() for w in ws]
    else:
        words = q.APPEAL_COLUMN_WORDS if keys[0].startswith("appeals.") else q.REQUEST_COLUMN_WORDS
    return list(dict.fromkeys(c for p, c in words if re.search(p, question)))


# a follow-up comparing the figure just given with the one given before it
_COMPARES_LAST_TWO = re.compile(r"(?:比|跟|和|与)(?:上一个|上个|刚才|之前|前一个|前面)(?:那个|的|那|这个)?(?:数|数字)?|"
                                r"(?:这|那)?两个?(?:数|数字|年)(?:比|相比|对比|哪个)|两者(?:比|相比)|"
                                r"(?:多了|少了|增加了|减少了|下降了|上升了|涨了|降了|差了|相差)(?:多少|几)|多了还是少了|"
                                r"增加还是减少|哪(?:个|年)(?:大|多|少|高|低)")

# a follow-up stepping from the year just asked: "上一年呢" / "再往前一年呢" / "下一年呢"
# (前年 / 去年 are the asker's calendar and are read in _normalise, not here)
# (结转到下一年, 上一年项目数量 and 上一年结转 name rows and columns, not a step)
_YEAR_STEP = ((re.compile(r"(?<![比较跟和与转到])(?:再?往?[上前早]一|再往前|再早|更早一?)年(?!度?(?:继续|项目|结转))"), -1),
              (re.compile(r"(?<![比较跟和与转到])(?:再?往?[下后晚]一|再往后|再晚|第二)年(?!度?(?:继续|项目|结转))"), 1))


def _stepped_years(question: str, years: list[int]) -> list[int]:
    """The year a follow-up steps to from the one just asked, or [] when it names no step."""
    if len(years) != 1 or q.CHANGE_ASK.search(question):
        return []
    for pattern, step in _YEAR_STEP:
        if pattern.search(question):
            return [years[0] + step]
    return []


# a follow-up asking something of its own ("信息一般多久内公开" after a phone number): not the
# question before asked again
_ASKS_SOMETHING = re.compile(r"多久|多长时间|几天|为什么|为啥|怎么|如何|哪些|多少|几|是否|吗[？?]?$")

# a person asked by an office they hold, or as 专人, 那位: a name is asked
_PERSON_OFFICE = re.compile(r"[局处科镇乡县市区]长|组长|主任|书记|负责人|联系人|专人|人员|同志|[那这]位")

# a follow-up that qualifies the question before: its topics (哪方面), its running total (历年累计呢)
_QUALIFIES_BEFORE = re.compile(q.TOPIC_ASK.pattern + "|" + q.CUMULATIVE.pattern + r"|^那?其中")   # 其中…: a part of it


def _qualifies_before(question: str, own: list[str]) -> bool:
    """The question qualifies the one before and names at most one thing of its own."""
    return bool(_QUALIFIES_BEFORE.search(question)) and \
        len([t for t in own if not _QUALIFIES_BEFORE.search(t)]) <= 1

# where a report says it is published, asked of its prose when it prints no website
_WHERE_PUBLISHED = "报告电子版在哪个网站查阅"

# how each contact is printed, so a sentence that only mentions one is no answer
_PRINTED_VALUE = {
    "phone": re.compile(r"\d{3,4}[-－—–]?\d{7,8}|(?<!\d)\d{7,8}(?!\d)|(?<!\d)1\d{10}(?!\d)|12345"),
    "fax": re.compile(r"\d{3,4}[-－—–]?\d{7,8}|(?<!\d)\d{7,8}(?!\d)"),
    "email": re.compile(r"@|＠"),
    "postcode": re.compile(r"(?<!\d)\d{6}(?!\d)"),
    "published": re.compile(r"(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]"),
}
_CONTACT_LABEL = {"postcode": r"邮(?:政)?编(?:码)?", "phone": r"电话", "fax": r"传真", "email": r"邮箱|电子邮件|E-?mail"}
_ASKS_VALUE = re.compile(r"是多少|是什么|多少号|号码|怎么打|打哪个|打什么|发到哪|是啥|哪天|哪一天|什么时候|何时|几号|几月")


def _difference(answers: list[dict], asks_amount: bool = False) -> str:
    """"2024年比2023年多8937": the same figure of two reports, compared."""
    figs = [a.get("_figure") for a in answers]
    if len(figs) != 2 or not all(figs) or figs[0]["key"] != figs[1]["key"] or \
            any(f["value"] is None for f in figs):
        return ""
    a, b = sorted(figs, key=lambda f: (f["year"], f["agency"]))
    name = (lambda f: f"{f['year']}年") if a["agency"] == b["agency"] else (lambda f: f["agency"])
    if a["agency"] != b["agency"] and a["year"] != b["year"]:
        name = lambda f: f"{f['agency']}{f['year']}年"  # noqa: E731
    diff = b["value"] - a["value"]
    if not diff:
        return T.COMPARE_SAME.format(later=name(b), earlier=name(a))
    if asks_amount:
        # "少了多少": the difference, worked out from the two cited figures and said to be
        amount = _fmt(abs(diff)) + (b.get("unit") or "")
        verb = (T.COMPARE_MORE if diff > 0 else T.COMPARE_LESS) if a["agency"] != b["agency"] else \
            (T.COMPARE_UP_BY if diff > 0 else T.COMPARE_DOWN_BY)
        return T.COMPARE_AMOUNT.format(later=name(b), earlier=name(a), verb=verb, amount=amount)
    # the direction only, when no amount is asked: the difference itself is printed nowhere
    if a["agency"] == b["agency"]:
        direction = T.COMPARE_UP if diff > 0 else T.COMPARE_DOWN
    else:
        direction = T.COMPARE_MORE if diff > 0 else T.COMPARE_LESS
    return T.COMPARE_DIFF.format(later=name(b), earlier=name(a), direction=direction)


_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}


def _normalise(question: str) -> str:
    """Full-width digits and letters (２０２４) to ASCII, 二〇二四年, 24年 and 去年 to
    2024年 (去年 by today's date), traditional characters (申請) to simplified."""
    import unicodedata

    question = "".join(unicodedata.normalize("NFKC", ch) if ch.isdigit() or ch.isascii() is False and
                       "\uff01" <= ch <= "\uff5e" and ch not in "？！（），：；" else ch for ch in question)
    question = re.sub(r"[〇○零一二三四五六七八九]{4}(?=年)",
                      lambda m: "".join(_CN_DIGITS.get(c, c) for c in m.group(0)), question)
    # "23年" is how people write 2023年; "近10年", "第15年" count years instead
    question = re.sub(r"(?<![\d.近前后这每第上下几个多过])(1\d|2\d|3\d)(?=\s*年)", r"20\1", question)
    # voice input's hesitations (嗯 广东文化厅…, 呃那个) are no words of the question
    question = re.sub(r"[嗯呃唔]+[，,、\s]*", "", question)
    simplified, traditional = to_simplified(question)
    question = simplified if traditional else question
    for slip, meant in q.TYPOS:
        question = question.replace(slip, meant)
    # 去年 / 前年 / 今年 as the asker means them today (去年 asked in 2026 is the 2025 report)
    year = _this_year()
    back = {"大前": 3, "前": 2, "去": 1, "今": 0}
    # "比去年多了多少" compares with the year before the one asked about: no year of its own
    return re.sub(r"(?<![比较])(大前|(?<![提之以此目当日月年])前|去|今)年", lambda m: f"{year - back[m.group(1)]}年",
                  question)


def _shared_run(a: str, b: str) -> int:
    """The longest run of Chinese characters in both texts."""
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and re.fullmatch(r"[\u4e00-\u9fff]+", a[i:j]) and a[i:j] in b:
            best, j = j - i, j + 1
    return best


# ("收费及减免情况:无": a heading's line answered with 无)
_SAYS_NONE = re.compile(r"(?:未|没有|均未|尚未)(?:收到|发生|产生|出现|受理|接到|接收|收取|收费)|[:：]\s*(?:无|没有)\s*(?:[。；;，,]|$)|"
                        r"(?:未|没有|不)[^。；，,]{0,14}?收取(?:任何)?(?:费用)?|无(?:因|任何)?[\u4e00-\u9fff]{0,12}(?:申请|复议|诉讼|情况)")


_LIST_WORDS = re.compile(r"渠道|方式|方面|内容|措施|问题|工作|形式|途径|信息|东西|地方|部门|单位|领域|事项|文件|情况|手段|做法|"
                         r"举措|平台|媒体|网站|机构|人员|报告|机关")


def _says_none_of(text: str, keys: list[str]) -> bool:
    """The text says there were none of what the rows count: for requests, a none that is
    not about appeals ("全年未收到…行政复议申请和行政诉讼" says nothing of requests)."""
    for m in _SAYS_NONE.finditer(text):
        clause = re.match(r"[^。；;，,]*", text[m.start():]).group(0)
        if not (keys and all(k.startswith("requests.") for k in keys) and re.search(r"复议|诉讼", clause)):
            return True
    return False


def _this_year() -> int:
    return time.localtime().tm_year


class QuestionError(ValueError):
    """Bad question (empty or too long); the message is for users."""


class GovQAService:
    def __init__(self, settings, embedder, store, db=None):
        self.settings = settings
        self.embedder = embedder
        self.store = store
        self.retriever = HybridRetriever(store, embedder)
        self._db = db  # govqa.db.Database; None: the settings' database, opened on first use
        self._lock = threading.Lock()
        self._index_version = None
        self._index: AgencyIndex | None = None
        # report_id → (generation, facts) of recently asked reports, at most REPORTS_CACHED
        self._reports: OrderedDict[str, tuple[str, ParsedReport]] = OrderedDict()
        self._reports_lock = threading.Lock()
        # the facts index is opened on first use: ingest and plain answers never need it
        # (a full disk, a read-only home) and it is a cache rebuilt from the store
        self._facts = None
        self._facts_lock = threading.Lock()
        self._facts_version = None
        # the published FAQ (govqa/records.py) as the matcher holds it; the question log's writer
        self._faq = None  # (FaqMatcher, {id: entry}, (faq version, index version))
        self._faq_checked = 0.0
        self._faq_lock = threading.Lock()
        self._log_writer = None
        from bot.llm import LLMRephraser  # optional rephrasing when GOVQA_LLM_URL is set
        self._llm = LLMRephraser(settings) if getattr(settings, "llm_url", None) else None

    @classmethod
    def from_settings(cls, settings, db=None) -> "GovQAService":
        from ingest.embedder import load_embedder
        from ingest.store import Store

        embedder = load_embedder(settings)
        return cls(settings, embedder, Store(settings, embedder), db=db)

    @property
    def db(self):
        """The shared-state database (conversations); the one the app and WeChat use too."""
        if self._db is None:
            with self._lock:
                if self._db is None:
                    from govqa.db import Database

                    self._db = Database.from_settings(self.settings)
        return self._db

    def warm_up(self) -> None:
        """Build what the first question would otherwise wait for: the agency
        index and the BM25 index (tokenising every report: ~25 s per 1,000)."""
        try:
            self._refresh()
            self.retriever.warm_up()
            load_character_tables()   # pypinyin's readings and the characters' parts, not on a first typo
            self.facts()  # a store indexed before the facts index existed: indexed now, not on a first question
        except Exception as exc:  # a store down at start-up: the first question retries
            import logging

            logging.getLogger("govqa").warning("warm-up skipped: %s", type(exc).__name__)

    # -- reports --------------------------------------------------------------------
    def _refresh(self) -> None:
        version = self.store.version()
        if version == self._index_version:
            return
        live = {r["report_id"]: r for r in self.store.reports()}
        gens = dict(version)
        with self._reports_lock:  # a report replaced since (another generation) is read again
            self._reports = OrderedDict((rid, (gen, rep)) for rid, (gen, rep) in self._reports.items()
                                        if gens.get(rid) == gen)
        variants: dict[str, set[str]] = {}
        for r in live.values():
            variants.setdefault(r["agency"], set()).update(r.get("agency_variants") or ())
        self._index = AgencyIndex([r["agency"] for r in live.values()], variants)
        self._live = live
        self._index_version = version
        self._faq_staleness(gens)

    def _faq_staleness(self, gens: dict) -> None:
        """A cited report replaced or removed: its FAQ entries are stale (they stop answering)."""
        from govqa import records

        try:
            if records.mark_stale(self.db, gens):
                self._faq_checked = 0.0
        except Exception as exc:  # noqa: BLE001 - a database down now: checked at the next change
            import logging

            logging.getLogger("govqa").warning("FAQ staleness check skipped: %s", type(exc).__name__)

    def report(self, report_id: str) -> ParsedReport | None:
        self._refresh()
        if report_id not in self._live:
            return None
        with self._reports_lock:
            cached = self._reports.get(report_id)
            if cached is not None:
                self._reports.move_to_end(report_id)
                return cached[1]
        gen = dict(self._index_version or ()).get(report_id)
        rep = self.store.get_report(report_id)
        if rep is not None:
            with self._reports_lock:
                self._reports[report_id] = (gen, rep)
                while len(self._reports) > REPORTS_CACHED:
                    self._reports.popitem(last=False)
        return rep

    def reports(self) -> list[dict]:
        return self.store.reports()

    def ingest_file(self, path, data: bytes | None = None, progress=None, agency=None, year=None) -> dict:
        report = self.canonical(parse_file(path, data, agency=agency, year=year))
        return self._add(self.with_other_form(report), progress)

    def ingest_bulk(self, path, data: bytes | None = None) -> list[dict]:
        """A crawler's bulk CSV: each annual report in it added on its own
        (all-or-nothing per report); the rows that are not reports, or cannot be
        read, come back with the reason."""
        from pathlib import Path

        from ingest.bulk import read_bulk
        from ingest.parser import parse_text
        from ingest.reader import ReportError

        path = Path(path)
        out = []
        for art in read_bulk(path.read_bytes() if data is None else data):
            if art.source is None:
                out.append({"row": art.row, "title": art.title, "skipped": art.skipped})
                continue
            try:
                report = self.canonical(parse_text(art.source, f"{path.name}#{art.row}"))
            except ReportError as exc:
                out.append({"row": art.row, "title": art.title, "skipped": str(exc)})
                continue
            out.append({"row": art.row, "title": art.title, **self._add(self.with_other_form(report), None)})
        return out

    def with_other_form(self, report: ParsedReport) -> ParsedReport:
        """The same report stored from another file (its web page beside a crawler's text of it):
        when the two agree on every cell both read, the cells only the stored copy could read
        (digits the crawler glued together) are kept, cited from that copy's rows. A copy that
        disagrees on a cell is a correction and replaces the stored one whole."""
        stored = self.report(report.report_id)
        if stored is None or stored.source.get("file") == report.source.get("file"):
            return report
        both = [k for k in report.values if k in stored.values]
        if any(stored.values[k] != report.values[k] for k in both) or \
                any(k in stored.values for k in report.blank) or any(k in report.values for k in stored.blank):
            return report
        missing = [k for k in stored.values if k not in report.values and k not in report.blank]
        if not missing:
            return report
        stems = {k.rsplit(".", 1)[0] for k in missing}
        for k in missing:
            report.values[k] = stored.values[k]
        for stem in stems:
            if stem in stored.row_text:
                report.row_text[stem] = stored.row_text[stem]
        report.findings = [f for f in report.findings if f.get("column") not in stems]
        report.findings.append({"rule": "other_form", "column": ",".join(sorted(stems)),
                                "detail": f"{len(missing)} cells unread in {report.source.get('file')} are read "
                                          f"from the same report's other copy {stored.source.get('file')}"})
        return report

    def canonical(self, report: ParsedReport) -> ParsedReport:
        """One agency, one name: a report naming its agency by a name the store
        already knows as another agency's (河北省科技厅 for 河北省科学技术厅, a
        misread spelling) is filed under that agency, its own name kept as a variant.
        A name a person stated is kept."""
        if report.identity.get("agency_from") == "given":
            return report
        self._refresh()
        agency = self._index.canonical(report.agency)
        if agency is None:
            return report
        report.agency_variants = [v for v in dict.fromkeys(report.agency_variants + [report.agency]) if v != agency]
        report.agency = agency
        report.report_id = f"{report.year}-{agency}"
        report.identity = {**report.identity, "agency_from": report.identity.get("agency_from", "") +
                           f"; filed under {agency}, the name the store knows it by"}
        return report

    def _add(self, report: ParsedReport, progress) -> dict:
        n = self.store.add_report(report, progress=progress)
        return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
                "chunks": n, "values": len(report.values), "findings": len(report.findings)}

    def remove(self, report_id: str) -> bool:
        return self.store.remove(report_id)

    # -- search -----------------------------------------------------------------------
    def retrieve(self, query: str, k: int = 5, report_id: str | None = None) -> list[dict]:
        """Hybrid search narrowed the way an answer is: the agencies and years the
        question names, and the table rows its words map to first."""
        self._refresh()
        qn = parse_question(query, self._index) if self._index else None
        report_ids = [report_id] if report_id else None
        if qn and not report_id and qn.agencies:
            report_ids = [r["report_id"] for r in self._live.values() if r["agency"] in qn.agencies
                          and (not qn.years or r["year"] in qn.years)] or None
        return self.retriever.search(query, k=k, report_ids=report_ids,
                                     key_stems=list(qn.keys) if qn and qn.is_figure else None)

    def search(self, query: str, k: int = 10, report_id: str | None = None) -> list[dict]:
        query = self._check(query)
        hits = self.retrieve(query, k=k, report_id=report_id)
        return [{"kind": h["kind"], "text": h["text"], "report_id": h["report_id"], "agency": h["agency"],
                 "year": h["year"], "section": h["section"], "key": (h.get("keys") or "").split(",")[0] or None,
                 "keys": [k_ for k_ in (h.get("keys") or "").split(",") if k_], "score": round(h["score"], 5)}
                for h in hits]

    # -- answers ------------------------------------------------------------------------
    def _check(self, question: str) -> str:
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        question = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", question).strip()
        question = _normalise(question)
        if not question:
            raise QuestionError("the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise QuestionError(f"the question is longer than {self.settings.max_question_chars} characters")
        return question

    def ask(self, question: str, session_id: str | None = None, report_id: str | None = None,
            channel: str = "api") -> dict:
        """The answer JSON; ``channel`` (widget, wechat, api, cli) goes to the question log."""
        asked = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", question).strip() if isinstance(question, str) else ""
        question = self._check(question)
        started = time.perf_counter()
        new_session = not session_id
        session_id = session_id or uuid.uuid4().hex
        previous = None if new_session else self.db.conversation(session_id)
        if previous and len(previous.get("years") or []) == 1 and re.search(r"(?<![比较])今年", asked) and \
                not re.search(r"\d{2}\s*年|去年|前年", asked):
            # "今年一共办结了多少件" after a question about the 2025 report: that report's year, not today's
            question = question.replace(f"{_this_year()}年", f"{previous['years'][0]}年")
        self._refresh()
        records = getattr(self.settings, "records", True)  # off only to measure their cost (bench_load)
        result = None if report_id or not records else self._faq_answer(question)
        if result is None:
            result = self._answer(question, previous, report_id)
            result = self._llm.rephrase(question, result) if self._llm else result
        state = result.pop("_state", None)
        result.pop("_figure", None)
        if state is not None:
            self.db.save_conversation(session_id, state)
        result["session_id"] = session_id
        result["answer_id"] = str(uuid.uuid4())
        result.setdefault("source", "report")
        result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
        if records:
            self._log(asked, question, result, state, channel)
        return result

    # -- the question log and the FAQ (govqa/records.py) ------------------------------------
    @property
    def log_writer(self):
        if self._log_writer is None:
            with self._lock:
                if self._log_writer is None:
                    from govqa.records import LogWriter

                    self._log_writer = LogWriter(self.db, getattr(self.settings, "log_retention_days", 180))
        return self._log_writer

    def _log(self, asked: str, question: str, result: dict, state: dict | None, channel: str) -> None:
        """Queued, written by a background thread: the answer never waits for the database."""
        from bot.faq_match import normalise
        from govqa.records import log_row

        try:
            self.log_writer.put(log_row(asked or question, normalise(question), result, state, channel,
                                        result["latency_ms"]))
        except Exception as exc:  # noqa: BLE001 - the log never fails an answer
            import logging

            logging.getLogger("govqa").warning("question not logged: %s", type(exc).__name__)

    def faq_changed(self) -> None:
        """This instance changed the FAQ: the next question sees it (others poll every FAQ_POLL_S)."""
        self._faq_checked = 0.0

    def _faq_matcher(self):
        now = time.monotonic()
        current = self._faq
        if current is not None and now - self._faq_checked < FAQ_POLL_S and current[2][1] == self._index_version:
            return current
        from govqa import records

        with self._faq_lock:
            try:
                version = (records.faq_version(self.db), self._index_version)
                self._faq_checked = now
                if self._faq is not None and self._faq[2] == version:
                    return self._faq
                from bot.faq_match import FaqMatcher

                entries = {e["id"]: e for e in records.faq_list(self.db, published_only=True)}
                matcher = FaqMatcher(self.embedder)
                latest: dict[str, int] = {}
                for r in self._live.values():
                    latest[r["agency"]] = max(latest.get(r["agency"], 0), r["year"])
                matcher.load([{"id": i, "question": e["question"], "variants": e["variants"]}
                              for i, e in entries.items()], self._index, latest)
                self._faq = (matcher, entries, version)
            except Exception as exc:  # noqa: BLE001 - the database is down: the entries held answer
                import logging

                logging.getLogger("govqa").warning("FAQ not reloaded: %s", type(exc).__name__)
            return self._faq

    def _faq_answer(self, question: str) -> dict | None:
        """A published, non-stale FAQ entry the matcher says this question asks: its answer
        word for word, with its citations."""
        if not self._live:
            return None
        held = self._faq_matcher()
        if held is None:
            return None
        matcher, entries, _ = held
        entry_id = matcher.match(question)
        entry = entries.get(entry_id) if entry_id is not None else None
        if entry is None:
            return None
        qn = parse_question(question, self._index)  # what a follow-up ("那2021年呢") inherits, and the log keeps
        state = {"text": qn.text, "agencies": qn.agencies, "years": qn.years, "keys": qn.keys, "columns": qn.columns,
                 "group": qn.group, "is_figure": qn.is_figure, "contact": qn.contact}
        return {"answer": entry["answer"], "refused": False, "citations": entry["citations"], "kind": "faq",
                "source": "faq", "faq_id": entry["id"], "_state": state}

    def faq_citations(self, citations: list) -> tuple[list[dict], dict[str, str]]:
        """Each citation checked against the store (its report stored, its text a stored passage
        or table row, or its key a stored cell): (citations, {report_id: generation}).
        QuestionError (a 422) names the first that is not."""
        from ingest.chunks import build_chunks

        if not isinstance(citations, list) or not citations:
            raise QuestionError("an FAQ entry must cite at least one stored passage or cell")
        self._refresh()
        gens = dict(self._index_version or ())
        out = []
        for i, c in enumerate(citations, 1):
            rid = c.get("report_id") if isinstance(c, dict) else None
            rep = self.report(rid) if isinstance(rid, str) and rid else None
            if rep is None:
                raise QuestionError(f"citation {i}: no report {rid!r} in the store")
            text, key = str(c.get("text") or ""), c.get("key") or None
            cell = isinstance(key, str) and (key in rep.values or key in rep.blank)
            passage = bool(text) and any(ch.text == text for ch in build_chunks(rep))
            if not (cell or passage):
                raise QuestionError(f"citation {i}: its text is no stored passage or table row of {rid}"
                                    + (f" and {key!r} no stored cell" if key else ""))
            out.append(A.citation(rep, str(c.get("section") or ""), text or A.row_citation_text(rep, key.rsplit(".", 1)[0]), key))
        return out, {c["report_id"]: gens.get(c["report_id"], "") for c in out}

    def _answer(self, question: str, previous: dict | None, report_id: str | None) -> dict:
        if not self._live:
            return {**A.refusal(T.EMPTY_STORE)}
        qn = parse_question(question, self._index)
        sound_note = ""
        if not qn.agencies and (typed := self._index.mistyped(question)):
            # "亭子吧镇": the stored 亭子坝镇 typed by its sound; read as that name, and said so
            asked, meant, how = typed
            question = question.replace(asked, meant)
            qn = parse_question(question, self._index)
            sound_note = T.READ_AS_NOTE.format(asked=asked, agency=meant, how=T.MISTAKEN_BY[how])
        for agency in qn.agencies:
            place = placed_for_placeless(question, agency)
            if place:   # "广东省文化厅" of a report signed only 省文化厅: answered, and said so
                sound_note += T.PLACE_NOT_PRINTED_NOTE.format(agency=agency, place=place)
        if qn.ambiguous and not qn.agencies and qn.years:
            # "交通局2021年…": of the agencies a short name fits, the one with a report for that year
            having = [a for a in qn.ambiguous
                      if any(r["agency"] == a and r["year"] in qn.years for r in self._live.values())]
            if len(having) == 1:
                qn.agencies, qn.ambiguous = having, []
        # follow-ups: "那2023年呢？", "其中部分公开多少？"
        if previous:
            self._follow_up(question, qn, previous)
        state = {"text": qn.text, "agencies": qn.agencies, "years": qn.years, "keys": qn.keys, "columns": qn.columns,
                 "group": qn.group, "is_figure": qn.is_figure, "contact": qn.contact,
                 "prior_years": list(previous["years"]) if previous and previous.get("years") != qn.years else [],
                 # report ids are "年-机关": whether the store holds the year asked, without a scan
                 "years_stored": not qn.years or not qn.agencies or any(
                     f"{y}-{a}" in self._live for a in qn.agencies for y in qn.years)}

        if not re.search(r"[\u4e00-\u9fff]", question) and len(re.findall(r"[A-Za-z]{2,}", question)) >= 2:
            # the lexicon and the agency names are Chinese: say so rather than "off topic"
            return {**A.refusal(T.REFUSE_LANGUAGE), "_state": state}
        if q.PERSONAL_DATA.search(question):
            return {**A.refusal(T.REFUSE_PERSONAL), "_state": state}
        if q.OPINION.search(question):
            return {**A.refusal(T.REFUSE_OPINION), "_state": state}
        if not report_id:
            many = self._aggregate(question, qn)
            if many is not None:
                return {**many, "_state": state}
        if report_id:
            if report_id not in self._live:
                return A.refusal(T.REFUSE_NOT_IN_TEMPLATE)
            targets = [report_id]
            note = plan_note = ""
        else:
            if qn.named_unknown_agency and not qn.agencies:
                near = self._index.one_character_off(question)
                if near:
                    # "沭阳县政府" and a report that prints its name 沐阳县人民政府: say so, never guess
                    asked, agency = near
                    return {**A.refusal(T.REFUSE_NO_AGENCY_NEAR.format(asked=asked, agency=agency)), "_state": state}
                return {**A.refusal(T.REFUSE_NO_AGENCY.format(agencies="、".join(sorted(
                    {r["agency"] for r in self._live.values()})))), "_state": state}
            if not qn.in_domain and not qn.agencies:
                qn.agencies = self._agencies_quoting(question)  # “上海国际服务门户”: a name one report uses
                qn.in_domain = bool(qn.agencies)
            if not qn.in_domain:
                return {**A.refusal(T.REFUSE_OFF_TOPIC), "_state": state}
            if qn.ambiguous and not qn.agencies:
                return {"answer": T.ASK_WHICH.format(options="、".join(qn.ambiguous)), "refused": False,
                        "citations": [], "kind": "clarify", "_state": state}
            agencies = qn.agencies or sorted({r["agency"] for r in self._live.values()})
            # a figure, a contact or a how-to belongs to one agency: ask which rather than pick one
            if not qn.agencies and len(agencies) > 1 and (qn.is_figure or qn.contact or q.HOW_TO.search(question)):
                return {"answer": T.ASK_WHICH.format(options="、".join(agencies)), "refused": False,
                        "citations": [], "kind": "clarify", "_state": state}
            targets, note, plan_note = [], "", ""
            for ag in agencies:
                ids = sorted((r for r in self._live.values() if r["agency"] == ag), key=lambda r: -r["year"])
                if qn.years:
                    picked = [r["report_id"] for r in ids if r["year"] in qn.years]
                    missing = [y for y in qn.years if y not in {r["year"] for r in ids}]
                    before = [r for r in ids if len(qn.years) == 1 and r["year"] == qn.years[0] - 1]
                    if missing and before and q.IMPROVEMENTS.search(question) and not qn.keys and not qn.is_figure:
                        # "那2021年准备怎么改？": a year's plans are written in the report on the year before
                        picked, missing = [before[0]["report_id"]], []
                        plan_note = T.PLAN_YEAR_NOTE.format(year=qn.years[0], report_year=before[0]["year"])
                    if missing and qn.agencies and (not picked or len(qn.years) == 1):
                        latest = self.report(ids[0]["report_id"]) if ids else None
                        text = T.REFUSE_NO_REPORT.format(who=ag, year="、".join(map(str, missing)))
                        if ids:  # which years it does have, so the asker can ask again
                            text += T.YEARS_IN_STORE.format(years="、".join(str(r["year"]) for r in ids))
                        return {**A.refusal(text, latest), "_state": state}
                    targets.extend(picked)
                elif ids:
                    targets.append(ids[0]["report_id"])
                    if len(ids) > 1 and qn.agencies:
                        note = T.LATEST_YEAR_NOTE.format(year=ids[0]["year"])
            if not targets:
                return {**A.refusal(T.REFUSE_NO_REPORT.format(who="", year="、".join(map(str, qn.years)))),
                        "_state": state}
        reports = [self.report(t) for t in targets]
        reports = [r for r in reports if r is not None]
        out = self._respond(question, qn, reports, note, state)
        if len(reports) == 1:
            # "计划总结信息和文件解读信息加起来一共几条": the sum of figures the answer quotes
            out = arithmetic.apply(question, out, self._index.aliases_in(question))
            if not out.get("computed") and out.get("kind") != "clarify":
                # the figures asked stand in different sentences (or rows): each read where its label names it
                out = arithmetic.gathered(question, reports[0], self._index.aliases_in(question)) or out
        # said before the answer: the name was read by its sound; the plans asked are in the year before's report
        said = sound_note + (plan_note if plan_note and not out.get("refused") else "")
        if said:
            out = {**out, "answer": said + out.get("answer", "")}
        if len(reports) == 1 and "%" not in out.get("answer", "") and not out.get("kind") == "clarify":
            # "公开率是多少": a share the report does not print, computed from its cells
            share = self._share_of_one(question, qn, reports[0])
            if share is not None and (out.get("refused") or out.get("kind") != "figure"):
                return {**share, "_state": state}
            if share is not None:  # the figures asked, then their share: both cited
                seen = {c["text"] for c in out["citations"]}
                out = {**out, "answer": out["answer"] + share["answer"], "computed": share["computed"],
                       "citations": out["citations"] + [c for c in share["citations"] if c["text"] not in seen]}
        # a passage that leaves a question word out (各乡镇) does not answer it
        partial = out.get("kind") == "prose" and out.get("coverage", 1.0) < 1.0
        if (out.get("refused") or partial) and not qn.years and len(qn.agencies) == 1 and len(reports) == 1 \
                and not report_id:
            # no year named and the latest report is silent: the agency's older reports, newest first
            for rep in self._older_reports(reports[0]):
                got = self._respond(question, qn, [rep], "", state)
                if not got.get("refused") and (not partial or got.get("coverage", 0) >= 1.0):
                    got["answer"] = T.OLDER_YEAR_NOTE.format(latest=reports[0].year, year=rep.year) + \
                        re.sub(r"^（问题未指明年份[^）]*）", "", got["answer"])
                    return got
        return out

    def _follow_up(self, question: str, qn: Question, previous: dict) -> None:
        """A question in a conversation: what it leaves out (the agency, the year, the figure or
        contact asked before) is taken from the turn before, unless it asks something of its own."""
        if not qn.agencies and not qn.ambiguous and not qn.named_unknown_agency:
            qn.agencies = list(previous["agencies"])
            if _COMPARES_LAST_TWO.search(question) and qn.years and set(qn.years) - set(previous["years"]):
                # "两年比，24年多了还是少了": the year named against the one just asked
                qn.years = sorted(set(qn.years) | set(previous["years"]))
            elif not qn.years and _COMPARES_LAST_TWO.search(question) and previous.get("prior_years"):
                # "这个数比上一个多还是少": the year just asked and the one asked before it
                qn.years = sorted(set(previous["prior_years"]) | set(previous["years"]))
            elif not qn.years:
                qn.years = _stepped_years(question, previous["years"]) or (
                    # "上一年呢" found no report for that year: the next question is of the year before it
                    list(previous["prior_years"]) if previous.get("years_stored") is False and previous.get("prior_years")
                    else list(previous["years"]))
        # a reason, the problems or the plans are asked of the report, not of the figure before
        # (and so is a template topic the question before did not ask: "那年收没收信息处理费")
        topics = lambda text: {i for i, (_, ask) in enumerate(q.TEMPLATE_TOPICS) if re.search(ask, text)}  # noqa: E731
        # (and words of its own beyond a column of the figure before: "这报告是谁编的", not "其中企业呢")
        steps = _COMPARES_LAST_TWO.search(question) or q.CHANGE_ASK.search(question) or \
            any(p.search(question) for p, _ in _YEAR_STEP)    # 上一年呢, 比上一个多还是少: no words of its own
        bare = question
        for p, _ in q.REQUEST_COLUMN_WORDS + q.APPEAL_COLUMN_WORDS + \
                [w for words in q.PROACTIVE_COLUMN_WORDS.values() for w in words]:
            bare = re.sub(p, " ", bare)      # 其中企业呢, 废止了多少: a column of the figure before
        for p, _ in q.REQUEST_ROW_WORDS + q.APPEAL_GROUP_WORDS:
            bare = re.sub(p, " ", bare)      # 提出的, 结果维持的: the table's own words
        bare = re.sub(r"其中|里面|当中|结果", " ", bare)
        if AG.SHARE.search(bare):
            # "这个占全部办结的多少比例": the figure before as a share; what it is a share of is no topic
            bare = AG.SHARE_WORDS.sub(" ", AG.SHARE_SPLIT.split(bare, maxsplit=1)[0])
        own = [] if steps else A.content_terms(bare, self._index.aliases_in(question), qn.agencies)
        asks_own = q.WHY_ASK.search(question) or q.ASKS_PROBLEMS.search(question) or \
            q.IMPROVEMENTS.search(question) or q.OTHER_MATTERS.search(question) or \
            q.ASKS_OVERALL.search(question) or q.TOPIC_ASK.search(question) or \
            topics(question) - topics(previous.get("text", "")) or \
            bool(own)
        if not qn.keys and previous["keys"] and previous["keys"][0].startswith(("requests.", "appeals.")) and \
                q.OUTCOMES_FOLLOW_UP.search(question):
            # "结果呢": how the cases just counted ended
            if previous["keys"][0].startswith("appeals."):
                qn.keys, qn.columns = list(previous["keys"]), ["total", "upheld", "corrected", "other", "pending"]
            else:
                qn.keys, qn.group = [f"requests.{r}" for r in q.REQUEST_GROUPS["@results"]], "@results"
                qn.columns = ["total"]
            qn.is_figure = True
        elif not qn.keys and not qn.contact and not asks_own and (len(question) <= 16 or re.search(r"呢[？?]?$", question)):
            qn.keys, qn.group, qn.is_figure = list(previous["keys"]), previous["group"], previous["is_figure"]
            qn.columns = _columns_named(question, qn.keys) or list(previous["columns"])
            # "那2013年呢" asks the same contact again; "周末上班吗" asks something of its own
            qn.contact = [] if (own or _ASKS_SOMETHING.search(question)) and not qn.keys else \
                list(previous.get("contact", []))
            qn.context = previous.get("text", "")
        elif not qn.keys and _qualifies_before(question, own):
            # "主要是问哪方面的": what the cases just counted were about; "历年累计呢": their running total
            qn.context = previous.get("text", "")
        qn.in_domain = True

    def _respond(self, question: str, qn: Question, reports: list[ParsedReport], note: str, state: dict) -> dict:
        """The answer from these reports (the agency and year already settled)."""
        if len(reports) == 1 and outline.ASKS_OUTLINE.search(question) and not qn.keys:
            # "年报分几部分", "第五部分讲什么": the report's outline, as it states it and as its headings print it
            out = outline.outline_answer(reports[0], question)
            if out:
                return {**out, "_state": state}
        if len(reports) == 1 and reconcile.ASKS_RECONCILE.search(question):
            # "正文说341条，表三是0，对得上吗": the sentence stating it, beside the table's cell
            out = self._reconciled(question, qn, reports[0])
            if out:
                return {**out, "_state": state}
        if qn.contact and not qn.is_figure and len(reports) == 1 and _PERSON_OFFICE.search(question) and \
                re.search(r"是谁|叫什么|是哪位", question):
            # "联系人是谁": a person, named in the prose or not at all, never a phone for a name
            return {**self._prose(question, qn, reports), "_state": state}
        if qn.contact and not qn.is_figure:
            # "网站的信息发布之前要怎么审核" mentions a contact word but asks about something else
            prose = self._prose_about_more_than_contact(question, qn, reports)
            if prose:
                return {**prose, "_state": state}
            if not qn.years and len(reports) == 1:
                # "网站申请以后能不能查进度": asked of no year, the latest report silent on it, an older one may say it
                for older in self._older_reports(reports[0]):
                    prose = self._prose_about_more_than_contact(question, qn, [older])
                    if prose:
                        prose["answer"] = T.OLDER_YEAR_NOTE.format(latest=reports[0].year, year=older.year) + prose["answer"]
                        return {**prose, "_state": state}
            if not qn.years:
                reports = [self._with_contact(r, qn.contact) for r in reports]
            out = self._multi(reports, lambda r: A.contact_answer(r, qn.contact),
                              lambda r: A.refusal(A.T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(r)), r))
            if out["refused"] and qn.contact == ["website"] and len(reports) == 1 and \
                    re.search(q.WHERE_TO_READ + "|电子版|全文", question) and not re.search(r"网址|链接|域名", question):
                # "年报在哪能查到" of a report printing no address but saying where it is published
                # ("本报告在咸宁人民防空办公室门户网站公布"; a 网址 asked is the address or nothing)
                prose = self._prose(_WHERE_PUBLISHED, Question(text=_WHERE_PUBLISHED, agencies=qn.agencies,
                                                               years=qn.years), reports)
                if not prose["refused"]:
                    out = prose
            if out["refused"] and len(reports) == 1 and set(qn.contact) <= {"website", "address"}:
                # "在哪个网站主动公开信息": no address printed, the words say where (在晋宁政府门户网主动公开);
                # a number asked (a phone) is printed or not given
                prose = self._prose(question, qn, reports)
                if not prose["refused"] and prose.get("coverage", 0) >= 1.0:
                    return {**prose, "_state": state}
            if out["refused"] and len(reports) == 1 and qn.contact == ["office"]:
                # "具体由哪个科室负责": no office printed for questions, the words say who does the work
                prose = self._prose(question, qn, reports)
                # (or the sentence sending questions on the report to an office: "如有疑问,请与…中心联系")
                if not prose["refused"] and re.search(r"负责|承担|牵头|具体(?:由|办)|(?:疑问|问题|意见)[^。]{0,12}?(?:联系|咨询)",
                                                      prose["answer"]):
                    return {**prose, "_state": state}
            if out["refused"] and len(reports) == 1 and qn.contact and \
                    all(f in _CONTACT_LABEL for f in qn.contact):
                # "邮编:5450001": printed, but in no form the contact reader takes; the line as printed
                prose = self._prose(question, qn, reports)
                if not prose["refused"] and all(re.search(_CONTACT_LABEL[f] + r"\s*[:：]\s*[\w@.\-—－]*\d[\w@.\-—－]{3,}",
                                                          prose["answer"])
                                                for f in qn.contact):
                    return {**prose, "_state": state}
            return {**out, "_state": state}
        if qn.is_figure and len(reports) == 1 and q.ASKS_DETAILS.search(question) and \
                not re.search(r"多少|几", question):
            # "纠正的64件分别是哪些部门": the table counts them, it does not list them
            prose = self._prose(question, qn, reports)
            if prose["refused"] or prose.get("coverage", 0) < 0.67:
                prose = A.refusal(T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(reports[0])), reports[0])
            return {**prose, "_state": state}
        if qn.is_figure and reports and all(r.template == "pre-2019" for r in reports):
            # reports under the 2008 regulation have no standard tables: their figures are sentences
            prose = self._topic_stated(question, reports, self._prose(question, qn, reports))
            rows = [w for k in qn.keys + ([qn.group] if qn.group else [])
                    if (w := q.PROSE_ECHO.get(k)) and k not in ("requests.new",)]
            if len(reports) == 1 and not prose["refused"] and rows and prose.get("coverage", 0) < 1.0 and \
                    not any(re.search(w, prose["answer"]) for w in rows):
                # "那2宗申请里有几宗是予以公开的": a sentence without the row's word (予以公开) gives another
                # figure (one holding every word asked, 人大建议政协提案办理结果, is what was asked)
                prose = A.refusal(T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(reports[0])), reports[0])
            elif len(reports) == 1 and not prose["refused"] and qn.keys and \
                    (outline.outline_sentence(prose["answer"]) or
                     # "受理公众诉求3件,接受咨询400余件" for 收到多少件申请: a count of something else, short of
                     # the question's words, is no count of requests; nor, with all its words, is a sentence
                     # counting in no request's unit ("1个专门的信息申请受理点")
                     all(k.startswith("requests.") for k in qn.keys) and "申请" in question and (
                         prose.get("coverage", 0) < 1.0 or
                         not re.search(r"\d+\s*(?:件|宗|条|次|份|起|人次)|申请[^，,。；;\d]{0,6}\d", prose["answer"])) or
                     # "全年未收到…行政复议申请和行政诉讼" for 收到几件申请: the appeals' 申请, not a request's
                     all(k.startswith("requests.") for k in qn.keys) and re.search(r"复议|诉讼", prose["answer"])
                     and not re.search(r"复议|诉讼", question)) \
                    and not A.states_row(prose["answer"], qn.keys) and not _says_none_of(prose["answer"], qn.keys):
                # "本报告由…行政复议和行政诉讼情况等部分组成": naming the part is no count of it
                prose = A.refusal(T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(reports[0])), reports[0])
            return {**prose, "_state": state}
        if qn.is_figure and len(reports) == 1:
            narrowed = self._narrowed_figure(question, qn, reports[0])
            rows = [w for k in qn.keys if (w := q.PROSE_ECHO.get(k))]
            if narrowed and not narrowed["refused"] and rows and \
                    not any(re.search(w, narrowed["answer"]) for w in rows):
                # "那273件行政许可里，无线电管理方面的": a passage with the narrowing words but
                # not the row's (许可) is about something else
                topic = q.qualifier_topic(question)
                narrowed = A.refusal(T.REFUSE_NOT_BROKEN_DOWN.format(title=A.report_title(reports[0]), topic=topic)
                                     if topic else T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(reports[0])),
                                     reports[0])
            if narrowed:
                return {**narrowed, "_state": state}
        if qn.is_figure:
            def missing(r):
                # no such table, or its row unread: the report's prose may say it ("2020年未收到政府
                # 信息公开申请" in place of the table), quoted when it holds every word of the question
                prose = self._prose(question, qn, [r])
                if (prose["refused"] or not A.states_row(prose["answer"], qn.keys)) and \
                        not (re.search(r"费|钱", question) and not re.search(r"费", " ".join(qn.keys))):
                    # the passage found holds the question's words but another figure ("予以答复"
                    # for 予以公开): the sentence that gives the asked row in words, when one does
                    # (a fee asked is no row of requests, whatever 申请 the question says)
                    prose = A.row_sentence(r, qn.keys, question) or prose
                # a fee, an appeal or a suit asked is said by the sentence too (申请 is in nearly every one)
                topics_kept = all(re.search(said, prose["answer"]) for said, asked in q.TEMPLATE_TOPICS
                                  if re.search(r"费|复议|诉讼", asked) and re.search(asked, question))
                # a row the parser left unread (its digits glued past one reading) is not a missing table
                unread = [f for f in r.findings if f.get("rule") == "glued_cells" and
                          any(k.startswith(f["column"]) or f["column"].startswith(k) for k in qn.keys)]
                # (a sentence holding every word asked but no figure of the row, 本报告由…行政复议…六部分组成,
                # does not say how many)
                stated = A.states_row(prose["answer"], qn.keys)
                # "申请里有几件是企业提出的": a sentence giving the whole, naming no applicant of the kind asked,
                # does not say how many came from it
                kinds = [w for c in qn.columns if (w := q.PROSE_ECHO_COLUMNS.get(c))]
                if kinds and not prose["refused"] and not any(re.search(w, prose["answer"].split("：", 1)[-1]) for w in kinds):
                    return A.refusal(T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(r)), r)
                if not prose["refused"] and (prose.get("coverage", 0) >= 1.0 and (stated or _says_none_of(prose["answer"], qn.keys))
                                             or not unread and prose.get("coverage", 0) >= 0.5 and stated and topics_kept):
                    # (a report whose tables were cut off: "共受理政府信息公开申请95件" is the row asked,
                    # though the question names the agency as 市政府办公厅 and the sentence does not)
                    return prose
                if unread:
                    printed = re.search(r"“([^”]*)”", unread[0]["detail"])
                    digits = printed.group(1) if printed else ""
                    if re.fullmatch(r"0+", digits):
                        # every cell printed is 0, the rest empty: whichever the split, there were none
                        return {"answer": T.ALL_ZERO_ROW.format(title=A.report_title(r), printed=digits),
                                "refused": False, "kind": "figure", "citations": [A.citation(
                                    r, "", r.row_text.get(unread[0]["column"]) or
                                    unread[0]["detail"].split(":")[0] + digits, unread[0]["column"])]}   # the row as printed
                    return A.refusal(T.REFUSE_CELLS_UNREAD.format(title=A.report_title(r), printed=digits), r)
                return A.refusal(T.REFUSE_TABLE_MISSING.format(title=A.report_title(r)), r)
            out = self._multi(reports, lambda r: A.figure_answer(r, qn, note if len(reports) == 1 else ""), missing,
                              question)
            if len(reports) == 1 and not out["refused"]:
                out = self._blank_cells_stated_in_prose(question, qn, reports[0], out)
                out = self._change_stated(question, qn, reports[0], out)
            return {**out, "_state": state}
        prose = self._topic_stated(question, reports, self._prose(question, qn, reports))
        return {**prose, "_state": state}

    def _reconciled(self, question: str, qn: Question, report: ParsedReport) -> dict | None:
        said = [x for c in reconcile.claims(question) for x in reconcile.stated_sentences(report, c)]
        if not said:
            return None     # no figure the asker quotes is found in the words: answered the ordinary way
        quote = "".join(dict.fromkeys(sent for _, _, sent in said))
        answer = T.RECONCILE_SAID.format(title=A.report_title(report), quote=quote)
        cites = [A.citation(report, heading, para, None) for heading, para, _ in
                 {para: (h, para, s) for h, para, s in said}.values()]
        side = re.search(r"(?:表[一二三四]|表中|表里|统计表)[^，,。；;？?]*\d[^，,。；;？?]*", question)
        if not qn.keys and side:
            # "表三只收到1件申请": the cell the asker reads, asked as a question of its own
            qn = parse_question(re.sub(r"\d+", "多少", side.group(0)), self._index)
        if qn.keys:
            table = A.figure_answer(report, qn, "")
            if not table["refused"]:
                answer += T.RECONCILE_TABLE.format(table=table["answer"])
                cites += table["citations"]
        return {"answer": answer, "refused": False, "kind": "prose", "citations": cites}

    def _change_stated(self, question: str, qn: Question, report: ParsedReport, out: dict) -> dict:
        """"比上一年是增加还是减少了" of one report: the figure, then the change as the
        report's prose states it, or that the store holds no year before to compare with."""
        if not q.CHANGE_ASK.search(question):
            return out
        keys = A.printed_keys(report, qn)
        if any(k.endswith(".change") for k in keys):
            return out  # 本年增/减: the row's change is the figure asked
        stem = qn.group or (A._echo_stem(keys) if keys else "")
        stated = A.change_statement(report, stem) if stem else None
        if stated is not None:
            return {**out, "answer": out["answer"] + T.CHANGE_STATED.format(quote=stated["text"]),
                    "citations": out["citations"] + [stated]}
        if not any(r["agency"] == report.agency and r["year"] == report.year - 1 for r in self._live.values()):
            return {**out, "answer": out["answer"] + T.NO_YEAR_BEFORE}
        return out

    def _blank_cells_stated_in_prose(self, question: str, qn: Question, report: ParsedReport, out: dict) -> dict:
        """Every total asked is blank in the table (a 总计 column left empty) while the
        report's prose states the row's figure (不予公开35件): that figure, quoted and
        cited, with the table's blank cells said and cited too."""
        keys = A.printed_keys(report, qn)
        if not keys or any(k in report.values for k in keys) or any(not k.endswith(".total") for k in keys):
            return out
        stem = qn.group or A._echo_stem(keys)
        stated = A.prose_statement(report, stem) if stem else None
        if stated is None:
            return out
        value, cite = stated
        label = q.GROUP_NAMES.get(qn.group, "") if qn.group else lx.key_label(keys[0])
        answer = T.FIGURE_FROM_PROSE.format(title=A.report_title(report), quote=cite["text"],
                                            agency=report.agency, year=report.year, label=label, value=value)
        return {**out, "answer": answer, "citations": [cite] + out["citations"]}

    @staticmethod
    def _topic_stated(question: str, reports: list[ParsedReport], prose: dict) -> dict:
        """"自然人里男的女的各多少", "涉及科技计划项目的有几件": no table counts by that, and a
        passage that does not either gives some other figure; a passage naming the topic in one
        sentence and a total in the next states no figure for it."""
        topic = (q.breakdown_dimension(question) or q.qualifier_topic(question)) \
            if q.PROSE_FIGURE.search(question) else None
        if topic and len(reports) == 1 and not (not prose["refused"] and (
                A.figure_about(prose["answer"], topic) or q.breakdown_dimension(prose["answer"]) == topic)):
            return A.refusal(T.REFUSE_NOT_BROKEN_DOWN.format(title=A.report_title(reports[0]), topic=topic),
                             reports[0])
        return prose

    def _aggregate(self, question: str, qn: Question) -> dict | None:
        """A rank, total, trend or share over the reports in the question's scope;
        None for a question about one report's figure."""
        ask = AG.detect(question, qn)
        if ask is None or qn.named_unknown_agency:
            return None
        sc = AG.scope(question, qn, ask, self._live, self._index)
        if sc.refusal:
            return A.refusal(sc.refusal)
        metas = AG.reports_in(sc, ask, self._live, AG.recent_years(question))
        if not metas:
            if sc.years and (ask.op != "share" or len(sc.agencies) > 1):
                return A.refusal(T.REFUSE_NO_REPORT.format(who=sc.name if sc.name != T.AGG_WHOLE_STORE else "",
                                                           year="、".join(map(str, sc.years))))
            return None
        if len(metas) < 2:
            return None  # one report's figure (or share, which its prose may print): the ordinary answer
        topic = q.breakdown_dimension(question) or q.qualifier_topic(question)
        if topic:  # "各单位通过信函提交的申请排名": no table counts by that
            return A.refusal(T.AGG_NOT_BROKEN_DOWN.format(topic=topic))
        return AG.answer(question, qn, ask, sc, metas, self.facts())

    def _share_of_one(self, question: str, qn: Question, report: ParsedReport) -> dict | None:
        ask = AG.detect(question, qn)
        if ask is None or ask.op != "share" or q.breakdown_dimension(question) or q.qualifier_topic(question):
            return None  # "男女比例": a split no table has is not a share of two cells
        ask.pooled = ask.pooled_denominator = False  # one report: "一共…占比" is its own cells' share
        meta = {"report_id": report.report_id, "agency": report.agency, "year": report.year,
                "template": report.template}
        sc = AG.Scope([report.agency], [report.year], report.agency)
        got = AG.answer(question, qn, ask, sc, [meta], self.facts())
        return got if got and not got.get("refused") else None

    def facts(self):
        """The facts index, brought up to the store's live reports (read again only
        for reports added or replaced since: a question over one figure reads its rows)."""
        self._refresh()
        with self._facts_lock:
            if self._facts is None:
                from bot.facts import FactsIndex

                self._facts = FactsIndex(self.settings.facts_path)
            if self._facts_version != self._index_version:
                self._facts.sync(dict(self._index_version or ()), self.store.get_report)
                self._facts_version = self._index_version
        return self._facts

    def facts_table(self, key: str, agency: str | None = None, year: int | None = None) -> list[dict]:
        """``GET /v1/facts`` / ``govqa facts``: one figure across the store, one row per report in scope."""
        from bot.facts import is_key

        if not is_key(key):
            raise QuestionError(f"not a figure key: {key!r} (e.g. requests.new.total)")
        index = self.facts()
        if not index.knows(key):
            raise QuestionError(f"no such figure: {key!r} (GET /v1/facts/keys lists them)")
        agencies = None
        if agency:
            named, ambiguous = self._index.resolve(agency) if self._index else ([], [])
            agencies = named or ambiguous or [agency]
        return index.query(key, agencies=agencies, years=[year] if year else None)

    def _agencies_quoting(self, question: str) -> list[str]:
        """The one agency whose report holds a name the question quotes."""
        names = [m for m in re.findall(r"[“\"「《]([^”\"」》]{2,20})[”\"」》]", question)]
        found = set()
        for name in names:
            for hit in self.retriever.search(name, k=5, kinds={"prose"}):
                if re.sub(r"\s+", "", name) in re.sub(r"\s+", "", hit["text"]):
                    found.add(hit["agency"])
        if not names:  # unquoted: a run of six or more Chinese characters a passage holds verbatim,
            # or a number no year is (the 12333 hotline)
            flat = re.sub(r"\s+", "", question)
            numbers = [n for n in re.findall(r"(?<!\d)\d{4,}(?!\d)", re.sub(r"(?:19|20)\d{2}\s*年", " ", flat))]
            for hit in self.retriever.search(question, k=3, kinds={"prose"}):
                text = re.sub(r"\s+", "", hit["text"])
                if _shared_run(flat, text) >= 6 or any(n in text for n in numbers):
                    found.add(hit["agency"])
        return sorted(found) if len(found) == 1 else []

    def _narrowed_figure(self, question: str, qn: Question, report: ParsedReport) -> dict | None:
        """"申请人主动撤回的有多少件" names a table row (新收) but narrows it with
        words no row has: the report's prose may give that figure; a topic the
        tables never break down by ("涉及征地拆迁的") is not answered with the total."""
        terms = A.content_terms(question, self._index.aliases_in(question), qn.agencies or [report.agency])
        extra = unexplained_terms(terms, qn.agencies or [report.agency])
        # "申请人里男的女的各多少": a dimension no table has, though every word of it is common
        dimension = q.breakdown_dimension(question)
        if not extra and not dimension:
            return None
        prose = self._prose(question, qn, [report])
        # a passage holding the extra words answers only if it also gives the asked dimension
        if not prose["refused"] and all(A.present(t, prose["answer"]) for t in extra) and \
                (not dimension or q.breakdown_dimension(prose["answer"]) == dimension):
            return prose
        topic = q.qualifier_topic(question)
        if not (topic and any(t in topic for t in extra)):
            topic = q.breakdown_dimension(question)
        if topic:
            return A.refusal(T.REFUSE_NOT_BROKEN_DOWN.format(title=A.report_title(report), topic=topic), report)
        return None

    def _prose_about_more_than_contact(self, question: str, qn: Question, reports: list[ParsedReport]) -> dict | None:
        terms = A.content_terms(question, self._index.aliases_in(question), qn.agencies or [r.agency for r in reports])
        other = [t for t in terms if not any(re.search(p, t, re.I) for p, _ in q.CONTACT_WORDS)]
        # "网站这块具体是什么问题": the report's problems with its website, not the website's address
        if len(other) < 2 and not q.ASKS_PROBLEMS.search(question):
            return None
        prose = self._prose(question, qn, reports[:1])
        # a section's quote (its problems) has no coverage: taken when the problems are what is asked
        if prose["refused"] or (prose.get("coverage", 0) < 0.67 and not q.ASKS_PROBLEMS.search(question)):
            return None
        # "受理点的电话是多少": a sentence saying a phone was published, printing none, gives no phone
        flat_answer = re.sub(r"\s+", "", prose["answer"])
        if _ASKS_VALUE.search(question) and \
                any(f in _PRINTED_VALUE and not _PRINTED_VALUE[f].search(flat_answer) for f in qn.contact):
            return None
        # "电话多少 在哪办公": asked for several contacts, a quote that leaves out one the report
        # prints does not answer it (one contact word alone may be incidental: 去哪里看, 热线)
        printed = {f: reports[0].contacts.get(f) for f in qn.contact if f not in ("*", "office")}
        if len(printed) < 2:
            # "负责信息公开的办公室地址在哪": a quote naming the office but not the address the
            # report prints does not answer it (a phone or a website asked may be another's: a hotline, a channel;
            # "去哪里递交申请" asks for the place to apply, which the words give)
            value = next(iter(printed.values()), None)
            values = value if isinstance(value, list) else [value] if value else []
            if values and set(printed) <= {"address", "postcode"} and \
                    re.search(r"地址|邮编|(?:办公室|办公地点)在哪|在哪(?:里|儿)?办公", question) and \
                    not q.ASKS_PROBLEMS.search(question) and \
                    not any(re.sub(r"\s+", "", str(v)) in re.sub(r"\s+", "", prose["answer"]) for v in values):
                return None
            return prose
        flat = re.sub(r"\s+", "", prose["answer"])
        for value in printed.values():
            values = value if isinstance(value, list) else [value] if value else []
            if values and not any(re.sub(r"\s+", "", str(v)) in flat for v in values):
                return None
        return prose

    def _older_reports(self, report: ParsedReport):
        """The agency's reports before this one, newest first, each read only when reached."""
        older = sorted((r for r in self._live.values() if r["agency"] == report.agency and r["year"] < report.year),
                       key=lambda r: -r["year"])
        return (rep for r in older if (rep := self.report(r["report_id"])) is not None)

    def _with_contact(self, report: ParsedReport, fields: list[str]) -> ParsedReport:
        """The latest report of the agency that prints the asked contact."""
        wanted = [f for f in fields if f != "*"]
        if not wanted or any(report.contacts.get(f) for f in wanted):
            return report
        for r in sorted(self._live.values(), key=lambda r: -r["year"]):
            if r["agency"] == report.agency:
                older = self.report(r["report_id"])
                if older and any(older.contacts.get(f) for f in wanted):
                    return older
        return report

    def _multi(self, reports: list[ParsedReport], make, otherwise, question: str = "") -> dict:
        """One report → its answer; several (comparisons) → each, each cited."""
        answers = [make(r) or otherwise(r) for r in reports]
        if len(answers) == 1:
            return answers[0]
        good = [a for a in answers if not a["refused"]]
        if not good:
            return answers[0]
        asks_amount = bool(re.search(r"多少|几|差距|相差|差了", question))
        text = T.COMPARE_HEAD + "".join(a["answer"] for a in answers) + _difference(good, asks_amount)
        return {"answer": text, "refused": False, "kind": "comparison",
                "citations": [c for a in good for c in a["citations"]]}

    def _prose(self, question: str, qn: Question, reports: list[ParsedReport]) -> dict:
        if 1 < len(reports) <= 4 and (len(qn.agencies) > 1 or len(qn.years) > 1):
            # a comparison: each report answers for itself
            return self._multi(reports, lambda r: (lambda a: None if a["refused"] else a)(
                self._prose(question, qn, [r])), lambda r: A.refusal(
                T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(r))))
        # a prose follow-up ("洪泽区呢？") asks the previous question of another report; one that
        # asks something of its own ("那它那年一共主动公开了几条") keeps only the previous agency and year
        own = A.content_terms(re.sub(r"^那|[它其]|那年|这年|当年", "", question), self._index.aliases_in(question),
                              qn.agencies or [r.agency for r in reports]) if qn.context else []
        asked = qn.context if qn.context and not qn.keys and not qn.contact and not own and \
            not _ASKS_SOMETHING.search(question) else question
        if qn.context and not qn.keys and (q.CHANGE_ASK.search(question) and len(own) <= 1 or
                                           _qualifies_before(question, own)):
            # "比上一年多了几条？": the change of what was asked before; "主要是问哪方面的": its topics
            asked = qn.context + "，" + question
        if q.OTHER_MATTERS.search(asked) and len(reports) == 1:
            out = A.whole_section_answer(reports[0], 6)
            if out:
                return out
        if q.ASKS_OVERALL.search(asked) and len(reports) == 1:
            out = A.whole_section_answer(reports[0], 1)   # 一、总体情况
            if out:
                return out
        # every agency's aliases, computed once per store version by the AgencyIndex
        terms = A.content_terms(asked, self._index.aliases_in(asked), qn.agencies or [r.agency for r in reports])
        problems, improvements = bool(q.PROBLEMS.search(asked)), bool(q.IMPROVEMENTS.search(asked))
        if (problems or improvements) and len(reports) == 1 and not q.PROSE_FIGURE.search(asked):
            focus = A.focus_terms([t for t in terms if not q.PROBLEMS.search(t) and not q.IMPROVEMENTS.search(t)],
                                  reports[0])
            out = A.section_answer(reports[0], 5, problems, improvements, focus)
            if out:
                return out
        ids = [r.report_id for r in reports]
        hits = self.retriever.search(asked, k=8, report_ids=ids, kinds={"prose", "contact"})
        if qn.is_figure:   # a figure asked of prose (a pre-2019 report): 因为/或者 are no content
            terms = [t for t in terms if t not in q.FUNCTION_WORDS]
        unit = A.asked_unit(asked)
        if not terms and (unit or q.PROSE_FIGURE.search(asked)):
            # "全年公开了多少条信息", "发了多少条": only template words are left; the action asked is the term
            terms = [w for w in q.COUNTED_ACTIONS if w in asked][:1] or \
                (["发布"] if re.search(r"发了|发过|发出|发的", asked) else [])
        want_number = bool(q.PROSE_FIGURE.search(asked)) or unit is not None
        yes_no = bool(q.YES_NO.search(asked))
        # each hit with its whole ranking key: passages of several agencies that rank alike are told apart below
        keyed = A.rank_passages(hits, terms, want_number, unit, yes_no, asked, keyed=True)
        if terms and (not keyed or keyed[0][0][0] < 1.0) and len(reports) <= 4:
            # the retriever's top 8 miss some question word: a report is ~30 passages, so read
            # the named reports' all (ranked after the retrieved; not when no agency narrows them)
            seen = {h["text"] for h in hits}
            extra = [{"text": c.text, "section": c.section, "report_id": r.report_id, "kind": "prose", "keys": ""}
                     for r in reports for c in prose_chunks(r) if c.text not in seen]
            keyed = A.rank_passages(hits + extra, terms, want_number, unit, yes_no, asked, keyed=True)
        best = (keyed[0][0][0], keyed[0][1]) if keyed else None     # (coverage, hit)
        quote = ""
        if best is not None and best[0] >= A.MIN_COVERAGE and terms:
            # two sentences for a how-to, a yes/no, or two figures asked at once ("多少条…几场")
            several = bool(q.HOW_TO.search(asked) or q.YES_NO.search(asked) or
                           len(re.findall(r"多少|几|哪|什么|谁", asked)) >= 2 or re.search(r"分别|各(?:是|有|为)?(?:多少|几)", asked) or
                           # "官方微信发了多少条？通过报刊广播等媒体呢？": a second thing asked after the first
                           re.search(r"(?:多少|几)[^？?]*[？?，,]\s*[^？?，,]{2,}呢[？?]?\s*$", asked))
            quote = A.best_sentences(best[1]["text"], terms, want_number, unit, several, yes_no,
                                     bool(q.CUMULATIVE.search(asked)), bool(q.ASKS_COMPILING.search(asked)))
        if quote and terms:
            # words most passages hold (公开, 发布) say nothing of what is asked: a passage sharing
            # only those with a question whose own word (微信) no passage holds does not answer it
            flats = [re.sub(r"\s+", "", h["text"]).lower() for _, h in keyed]
            specific = [t for t in terms if sum(A.present(t, f) for f in flats) <= len(flats) / 2]
            if specific and not any(A.present(t, re.sub(r"\s+", "", best[1]["text"]).lower()) for t in specific):
                quote = ""
        measure = re.search(r"([\u4e00-\u9fff]{2}(?:量|率))(?:是|有|为|达)?(?:多少|几)", asked)
        if quote and measure and not A.measure_present(measure.group(1), re.sub(r"\s+", "", quote)):
            quote = ""     # "网站访问量是多少": a sentence counting something else does not give it
        if quote and outline.only_outline(quote) and not outline.ASKS_OUTLINE.search(asked) and \
                not q.ASKS_COMPILING.search(asked):
            quote = ""     # "存在哪些问题": the sentence listing the report's parts names them, it does not answer
        if quote and q.WHY_ASK.search(question) and not q.REASON_GIVEN.search(quote):
            quote = ""     # "为什么复议这么多": a sentence giving no reason does not answer why
        # "统计期限是从哪天到哪天" of a report printing "统计期限自 至 止", "具体网址是什么" of one printing
        # "专栏()": a sentence holding the words but not the date or the address does not give it
        said = re.search(r"(?:统计期限|统计时限|统计期间|(?<!\d)日期(?!间))[^。；;，,]{0,30}", quote) \
            if re.search(r"哪天|哪一天|(?:统计|数据)[\u4e00-\u9fff]{0,6}?(?:期限|时限|期间)|日期|几月几[日号]", asked) else None
        if said and not re.search(r"\d|[〇一二三四五六七八九十]月", said.group(0)):
            quote = ""
        said = re.search(r"[^。；;]{0,60}(?:查阅|下载|网址|浏览)", quote) if re.search(r"网址|链接|域名", asked) else None
        if said and not re.search(r"[A-Za-z0-9-]+\.[A-Za-z]{2,}", said.group(0)):
            quote = ""
        # "领导小组组长是谁": a passage about the group that names no 组长 does not say who
        # ("报告是谁编的" asks who made the report, not who the report is)
        # ("组长和副组长分别由谁担任": 分别 is how it is asked, 副组长 what)
        who = re.search(r"([\u4e00-\u9fff]{2})(?:是谁(?![\u4e00-\u9fff]{1,4}的)|叫什么|是哪位|由谁担任|由谁负责)",
                        re.sub(r"分别|各自|都(?=是|由)", "", asked))
        if quote and who and not A.present(who.group(1), re.sub(r"\s+", "", quote)):
            quote = ""
        # "互动交流栏目有哪几个板块": the things asked to be listed are named where they are listed
        # (渠道, 方式, 方面 … are asked in words the answer need not repeat)
        # (the noun the question ends on: "哪些人审核" asks who, not a list of 人审)
        which = re.search(r"哪(?:几|些)(?:个|项|种|类|条)?([\u4e00-\u9fff]{2})(?:呢|啊|吗)?(?=[？?，,。！!\s]|$)", asked)
        if quote and which and not _LIST_WORDS.match(which.group(1)) and \
                not A.present(which.group(1), re.sub(r"\s+", "", quote)):
            quote = ""
        # "由谁发布上去的": who does it, said by 由… / …负责 in the sentence, or not answered
        if quote and re.search(r"由谁|谁来|谁负责", asked) and not re.search(r"由[^，,。；;]{1,20}|负责|承担|牵头", quote):
            quote = ""
        # "国资局局长叫什么": a person asked by office is named in the sentence, or not answered
        # ("由局长担任常务副组长" names the office, not who holds it)
        # ("由分管副区长任组长" says who holds the 组长 asked, by the office they hold)
        if quote and who and _PERSON_OFFICE.search(who.group(1)) and not A.names_a_person(quote) and \
                not re.search(r"由谁(?:担任|负责|来当)|谁(?:担任|来当|任)", asked) and \
                not re.search(r"[\u4e00-\u9fff]{2,}(?:任|担任|兼任)" + re.escape(who.group(1)), re.sub(r"\s+", "", quote)):
            quote = ""
        # "2017年未收到有关政府信息公开申请": a sentence saying none answers "how many"
        says_none = bool(quote) and bool(_SAYS_NONE.search(quote)) and (best[0] >= 1.0)
        if not quote or (want_number and not A.has_figure(quote, unit) and not says_none):
            # nothing shares the question's words, or a number is asked and no passage gives one
            rep = reports[0] if len(reports) == 1 else None
            out = A.refusal(T.REFUSE_NOT_IN_TEMPLATE if rep is None else
                            T.REFUSE_NOT_IN_REPORT.format(title=A.report_title(rep)), rep)
            out["coverage"] = round(best[0], 3) if best else 0.0
            return out
        hit = best[1]
        quote = A.with_enumeration(quote, hit["text"])
        rep = next(r for r in reports if r.report_id == hit["report_id"])
        if not qn.agencies and len(reports) > 1:
            # no agency named: a passage another agency's report matches as well ("存在什么问题",
            # "厅网站发了多少条") is no reason to pick one; ask which
            agency_of = {r.report_id: r.agency for r in reports}
            top = keyed[0][0][:4]     # coverage, figure, words together, rarer words
            tied = sorted({agency_of[h["report_id"]] for key, h in keyed if key[:4] == top and h["report_id"] in agency_of})
            if len(tied) > 1:
                return {"answer": T.ASK_WHICH.format(options="、".join(tied)), "refused": False,
                        "citations": [], "kind": "clarify"}
        return {"answer": T.PROSE.format(title=A.report_title(rep), quote=quote), "refused": False,
                "kind": "prose", "coverage": round(best[0], 3),
                "citations": [A.citation(rep, hit["section"], hit["text"],
                                         (hit.get("keys") or "").split(",")[0] or None)]}
