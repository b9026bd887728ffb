"""Does a citizen's question ask what a published FAQ entry answers?

Two questions that share most words often ask different things ("…收到多少件" /
"…予以公开多少件", 2023 / 2024, 电话 / 地址). Closeness in meaning alone (e5)
cannot tell them apart at the precision staff need, so a question matches an
entry only when GovQA understands both the same way — the same agencies, years,
table cells, contact fields and kind of question — and, beyond an exact text or
variant match, the two are close in meaning (cosine of e5 query vectors above a
threshold measured on a paraphrase set: ``python -m eval.bench_faq``)."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from bot import lexicon as q
from bot.understand import AgencyIndex, parse_question

# Set from eval/gold/faq_pairs.jsonl (248 pairs): the lowest threshold whose
# precision is ≥ 0.98 there; `python -m eval.bench_faq` prints the curve.
DEFAULT_THRESHOLD = 0.90  # precision 1.000, recall 0.766 there; 0.80–0.94 score the same, 0.90 keeps a margin


def normalise(text: str) -> str:
    """Case, width, spaces and punctuation do not make another question."""
    from ingest.reader import to_simplified

    t = to_simplified(text or "")[0].lower()
    t = re.sub(r"[\s\u3000，。？！、,.?!:：；;“”\"'‘’（）()【】]+", "", t)
    return t


_SIGNATURES: "weakref.WeakKeyDictionary[AgencyIndex, dict[str, tuple]]" = weakref.WeakKeyDictionary()
_SIGNATURES_KEPT = 4096  # per agency index: the entries' texts and the questions lately asked


def signature(text: str, index: AgencyIndex) -> tuple:
    """What GovQA understands a question to ask: agencies, years, cells (with the
    proactive columns named), contact fields, and whether it asks a figure, a
    contact or something said in prose. Remembered per agency index (an index is
    made again when the store changes): ``match`` compares one question with every
    entry text, so each is understood once, not once per pair."""
    try:
        known = _SIGNATURES.setdefault(index, {})
    except TypeError:  # an index that cannot be weakly referenced: nothing remembered
        return _signature(text, index)
    got = known.get(text)
    if got is None:
        if len(known) >= _SIGNATURES_KEPT:
            known.clear()
        got = known[text] = _signature(text, index)
    return got


def _signature(text: str, index: AgencyIndex) -> tuple:
    qn = parse_question(text, index)
    t = normalise(text)
    contact = set(qn.contact)
    if contact & {"email", "website"} and re.search(r"(?:邮箱|网站|网址)地址", t):
        contact.discard("address")  # 邮箱地址 is the e-mail, not the postal address
    columns = set(qn.columns)
    for words in q.PROACTIVE_COLUMN_WORDS.values():  # 制发 / 废止 / 现行有效, 金额 / 项目
        columns |= {c for p, c in words if re.search(p, t)}
    kind = "figure" if qn.keys else "contact" if contact else "prose"
    return (tuple(sorted(qn.agencies or qn.ambiguous)), tuple(sorted(qn.years)), tuple(sorted(qn.keys)),
            tuple(sorted(columns)), qn.group or "", tuple(sorted(contact)), kind,
            bool(q.PROBLEMS.search(t)), bool(q.IMPROVEMENTS.search(t)))


def same_words(a: str, b: str, index: AgencyIndex) -> bool:
    """Two prose questions name the same things: every content word of each is in the
    other (or a word the reports use for it). 新闻发布会 is not 新闻通气会."""
    from bot.answer import content_terms, present

    ta = content_terms(a, index.aliases_in(a))
    tb = content_terms(b, index.aliases_in(b))
    fa, fb = normalise(a), normalise(b)
    return all(present(w, fb) for w in ta) and all(present(w, fa) for w in tb)


def understood_alike(a: str, b: str, index: AgencyIndex, latest: dict[str, int] | None = None) -> bool:
    """Same agencies, years, cells, contact fields and kind; a question naming no year
    asks the agency's latest report, so it is the entry for that year; prose alike in words."""
    sa, sb = signature(a, index), signature(b, index)
    if sa[1] != sb[1] and latest and not sa[1] and len(sb[1]) == 1 and \
            all(latest.get(ag) == sb[1][0] for ag in sb[0]) and sb[0]:
        sa = (sa[0], sb[1], *sa[2:])
    if sa != sb:
        return False
    return sa[6] != "prose" or same_words(a, b, index)


@dataclass
class Candidate:
    entry_id: object
    texts: list[str]             # the entry's question and its variants
    signatures: list[tuple]
    vectors: list[list[float]]


class FaqMatcher:
    """Holds the published entries' signatures and vectors; ``match`` is one
    embedding of the question and a dot product per entry text."""

    def __init__(self, embedder, threshold: float = DEFAULT_THRESHOLD):
        self.embedder = embedder
        self.threshold = threshold
        self._candidates: list[Candidate] = []
        self._index = AgencyIndex([])
        self._latest: dict[str, int] = {}

    def load(self, entries: list[dict], index: AgencyIndex, latest: dict[str, int] | None = None) -> None:
        """``entries``: [{"id", "question", "variants"}], the published ones; ``latest``:
        each agency's newest report year (a question naming no year asks that one)."""
        self._index, self._latest = index, latest or {}
        cands = []
        for e in entries:
            texts = [e["question"], *[v for v in e.get("variants") or [] if v.strip()]]
            vectors = self.embedder.embed_queries(texts) if texts else []
            cands.append(Candidate(e["id"], texts, [signature(t, index) for t in texts], vectors))
        self._candidates = cands

    def score(self, question: str, entry_text: str, index: AgencyIndex | None = None,
              latest: dict[str, int] | None = None) -> tuple[bool, float]:
        """(understood alike, cosine) of one pair: what the paraphrase benchmark measures."""
        index = index or self._index
        alike = understood_alike(question, entry_text, index, latest if latest is not None else self._latest)
        a, b = self.embedder.embed_queries([question, entry_text])
        return alike, sum(x * y for x, y in zip(a, b))

    def match(self, question: str) -> object | None:
        """The id of the entry this question asks, or None."""
        if not self._candidates:
            return None
        norm = normalise(question)
        for c in self._candidates:
            if any(normalise(t) == norm for t in c.texts):
                return c.entry_id
        close = [(c, t, w) for c in self._candidates for t, w in zip(c.texts, c.vectors)
                 if understood_alike(question, t, self._index, self._latest)]
        if not close:
            return None
        v = self.embedder.embed_queries([question])[0]
        best, best_id = -1.0, None
        for c, _, w in close:
            cos = sum(x * y for x, y in zip(v, w))
            if cos > best:
                best, best_id = cos, c.entry_id
        return best_id if best >= self.threshold else None
