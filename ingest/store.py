"""The Chroma store: chunks with our embeddings, and each report's parsed facts.

Table rows are not stored as vectors. A row embeds as its words without its
numbers (``Chunk.embed_text``), the same in every report of the template, so
10,000 reports would hold 10,000 copies of each of ~35 vectors (an HNSW graph
degrades on exact duplicates, and they were over half of all vectors). Each
distinct row text is embedded once into the ``govqa_row_labels`` collection;
a report's rows are rebuilt from its stored facts, and a dense hit on a label
stands for that row in every report in scope.

All-or-nothing per report without transactions: a report's chunks are written
under a fresh *generation* id, then one record in the ``reports`` collection
names the generation that is live. Readers only see chunks of live
generations, so a kill -9 or a full disk before that single write leaves the
store as it was; leftovers of dead generations are swept on the next ingest.

Correcting a report's identity (``correct_identity``: staff state its agency or
year) moves it to a new id with the same single commit: the new record carries
``replaces: "{old_id}#{old_gen}"`` and readers hide a record so named, so the
old id disappears the moment the new one appears. The old record and its
chunks are deleted right after; if that is cut short, they stay hidden until
the next sweep, removal or ingest of the new id drops them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import threading
import time
import uuid
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, TypeVar

from collections import OrderedDict

import govqa  # noqa: F401  (limits malloc arenas before torch or Chroma start threads)

from ingest.chunks import Chunk, build_chunks
from ingest.report import ParsedReport

CHUNKS = "govqa_chunks"
REPORTS = "govqa_reports"
LABELS = "govqa_row_labels"
# Without an agency or year to narrow a question, rows of at most this many
# reports are candidates for a dense label hit (a row says nothing of its agency).
ROW_SCOPE_LIMIT = 50
_ROWS_CACHED = 256  # reports whose rebuilt rows are kept (~100 rows each)
_BATCH = 256
_PAGE = 5000  # chunks per read when reading them all
# Passages per embed call: the whole report is sorted by length first, so each
# call (and each of the embedder's small batches inside it) pads little.
_EMBED_SLICE = 32
# Chroma's HTTP client waits forever by default (httpx timeout=None). A dead
# server refuses at once; a hung one must not hang every request with it.
HTTP_CONNECT_TIMEOUT = 3.0
HTTP_READ_TIMEOUT = 30.0

T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached; requests should fail fast (503)."""


class IdentityError(ValueError):
    """A stated agency or year that cannot be used; the message is for people (422)."""


class IdentityConflict(IdentityError):
    """The corrected identity is another stored report's (409)."""


# -- a report's identity as a person states it ------------------------------------------
YEAR_MIN = 2000  # 政府信息公开 reports began in the 2000s (the national regulation in 2008)
# characters a report id cannot hold: it is a URL path segment and chunk ids are "{report_id}#{gen}#{n}"
_AGENCY_BAD = re.compile(r"[\x00-\x1f\x7f/\\#?%]")
AGENCY_MAX = 60


def check_identity(agency=None, year=None) -> tuple[str | None, int | None]:
    """A person's statement of a report's agency and/or covered year (CLI flags,
    upload form fields, the staff page), checked: ``(agency, year)`` with None
    where nothing was stated (an empty field states nothing). Raises
    IdentityError with one clear line."""
    if agency is not None:
        if not isinstance(agency, str):
            raise IdentityError("the agency must be text (its full Chinese name)")
        agency = re.sub(r"\s+", "", agency) or None
        if agency is not None:
            if len(agency) > AGENCY_MAX:
                raise IdentityError(f"the agency name is longer than {AGENCY_MAX} characters")
            if _AGENCY_BAD.search(agency):
                raise IdentityError("the agency name cannot contain / \\ # ? % or control characters")
            if not re.search(r"[\u4e00-\u9fff]", agency):
                raise IdentityError("the agency must be its full Chinese name (e.g. 沭阳县发展和改革局)")
    if year is not None:
        shown = str(year)[:20]
        if isinstance(year, str):
            s = year.strip()
            if not s:
                year = None
            elif re.fullmatch(r"\d{4}\s*年?(?:度)?", s):
                year = int(s[:4])
            else:
                raise IdentityError(f"the year must be a whole number such as 2023 (got {shown!r})")
        elif isinstance(year, bool) or not isinstance(year, int):
            raise IdentityError(f"the year must be a whole number such as 2023 (got {shown!r})")
        this_year = time.localtime().tm_year
        if year is not None and not YEAR_MIN <= year <= this_year:
            raise IdentityError(f"the year must be the year the report covers, {YEAR_MIN} to {this_year} (got {year})")
    return agency, year


def restated(report: ParsedReport, agency: str | None = None, year: int | None = None) -> ParsedReport:
    """A copy of a stored report under the identity a person states: its id
    ``{year}-{agency}``, the provenance of what was stated "given", the name it
    had kept as a variant. Its facts, sections and contacts are as parsed."""
    agency, year = check_identity(agency, year)
    if agency is None and year is None:
        raise IdentityError("state the agency, the year or both")
    if year is not None and (year < 2019) != (report.year < 2019):
        # the national template began with the 2019 reports: the tables were read as the other kind
        raise IdentityError(f"{report.report_id} was read as a {'pre-2019' if report.year < 2019 else '2019+'} "
                            f"report; for {year} its tables must be read again: upload the file again with "
                            f"the year stated")
    new = ParsedReport.from_dict(report.to_dict())
    new.identity = dict(report.identity or {})
    variants = list(report.agency_variants or [])
    if agency is not None:
        variants.insert(0, report.agency)
        new.agency = agency
        new.identity["agency_from"] = "given"
    if year is not None:
        new.year = year
        new.identity["year_from"] = "given"
    new.agency_variants = [v for v in dict.fromkeys(variants) if v and v != new.agency]
    new.report_id = f"{new.year}-{new.agency}"
    return new


def make_client(settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        from urllib.parse import urlparse

        u = urlparse(settings.chroma_url)
        client = chromadb.HttpClient(host=u.hostname or "127.0.0.1", port=u.port or 8000,
                                     ssl=u.scheme == "https", settings=chroma_settings)
        _set_http_timeouts(client)
        return client
    path = Path(settings.chroma_path)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _set_http_timeouts(client) -> None:
    """Bound every request of Chroma's httpx session (chromadb 1.5 builds it
    with ``timeout=None``). The session is shared by every client of the same
    host and port in this process."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(HTTP_READ_TIMEOUT, connect=HTTP_CONNECT_TIMEOUT)


def _unreachable(exc: BaseException) -> bool:
    """The server is down, restarting, hung or unreachable (not a bad request)."""
    import httpx

    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))


def _stale_collection(exc: BaseException) -> bool:
    """A cached collection the server no longer has (deleted, or the server
    was started on another data folder)."""
    try:
        from chromadb.errors import NotFoundError
    except ImportError:  # pragma: no cover
        return False
    return isinstance(exc, NotFoundError)


_SHARED_FIELDS = ("report_id", "agency", "section", "subsection", "kind", "keys", "gen")


def _compact(chunk: dict) -> dict:
    """One copy of the strings every chunk of a report repeats (its agency,
    section …): the BM25 index holds every chunk of every report."""
    chunk.pop("written_at", None)
    for f in _SHARED_FIELDS:
        v = chunk.get(f)
        if isinstance(v, str):
            chunk[f] = sys.intern(v)
    return chunk


def _vector_key(fingerprint: str, text: str) -> str:
    return hashlib.sha1(f"{fingerprint}\x00{text}".encode("utf-8")).hexdigest()[:20]


_PACKED = "z:"


def _facts_document(report: ParsedReport) -> str:
    """A report's facts as its commit record's document: JSON, deflated and in
    base64. Chroma indexes every document for trigram search; 16k characters of
    Chinese JSON per report made each write slower as the store grew (1.2 s per
    report at 500 reports, measured), and nothing searches this text."""
    raw = json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")
    return _PACKED + base64.b64encode(zlib.compress(raw, 6)).decode("ascii")


def _facts_from_document(doc: str) -> ParsedReport:
    if doc.startswith(_PACKED):
        doc = zlib.decompress(base64.b64decode(doc[len(_PACKED):])).decode("utf-8")
    return ParsedReport.from_dict(json.loads(doc))  # stores written before packing hold plain JSON


def _visible(records: dict[str, dict]) -> dict[str, dict]:
    """The records readers see: all but those a corrected report's record names
    in its ``replaces`` ("{old_id}#{old_gen}")."""
    hidden = {m["replaces"] for m in records.values() if m.get("replaces")}
    return {rid: m for rid, m in records.items() if f"{rid}#{m.get('gen')}" not in hidden} if hidden else records


class Store:
    """Reports and chunks in Chroma. ``embedder`` embeds passages (ours, always:
    Chroma's default embedding function downloads a model)."""

    def __init__(self, settings, embedder):
        self.settings = settings
        self.embedder = embedder
        self._client = None
        self._cols = None
        self._lock = threading.RLock()
        self._reports_cache: dict[str, dict] | None = None
        self._cache_at = 0.0
        self._labels = None
        self._known_labels: set[str] = set()                # row-label vector keys in the store
        self._rows: OrderedDict[tuple[str, str], list[dict]] = OrderedDict()  # (report, gen) → its rows

    # -- connection ------------------------------------------------------------------
    # The client and the two collections are cached. Against a server, any
    # transport error drops them and raises StoreUnavailable at once; the next
    # call connects again, so a restarted server is picked up by the same Store
    # object (a server restarted on the same data folder keeps the collection
    # ids; one started on an empty folder gets new collections).
    def _unavailable(self, exc: BaseException | None = None) -> StoreUnavailable:
        reason = f" ({type(exc).__name__}: {exc})" if exc is not None else ""
        return StoreUnavailable(f"the Chroma server at {self.settings.chroma_url} is not reachable{reason}")

    def _forget(self) -> None:
        with self._lock:
            self._cols = None
            self._reports_cache = None
            self._known_labels = set()  # a server restarted on an empty folder has none

    def _collections(self):
        with self._lock:
            if self._cols is not None:
                return self._cols
            try:
                if self._client is None:
                    self._client = make_client(self.settings)
                chunks = self._client.get_or_create_collection(
                    CHUNKS, embedding_function=None, metadata={"hnsw:space": "cosine"})
                reports = self._client.get_or_create_collection(REPORTS, embedding_function=None)
                self._labels = self._client.get_or_create_collection(
                    LABELS, embedding_function=None, metadata={"hnsw:space": "cosine"})
                self._cols = (chunks, reports)
                return self._cols
            except Exception as exc:
                if self.settings.chroma_url:
                    self._client = None
                    raise self._unavailable(exc) from exc
                raise

    @contextmanager
    def _guard(self):
        """Server errors that mean "not reachable" become StoreUnavailable."""
        try:
            yield
        except StoreUnavailable:
            raise
        except Exception as exc:
            if self.settings.chroma_url and _unreachable(exc):
                self._forget()
                raise self._unavailable(exc) from exc
            if _stale_collection(exc):
                self._forget()
            raise

    def _run(self, op: Callable[[Any, Any], T]) -> T:
        """``op(chunks_col, reports_col)`` with the guard; retried once on a
        stale cached collection."""
        for attempt in (0, 1):
            try:
                with self._guard():
                    return op(*self._collections())
            except Exception as exc:
                if attempt == 0 and _stale_collection(exc):
                    continue
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def ping(self) -> bool:
        try:
            self._run(lambda chunks, reports: reports.count())
            return True
        except Exception:
            return False

    # -- reports -------------------------------------------------------------------
    def _live(self, refresh: bool = False) -> dict[str, dict]:
        """report_id → {"gen", "agency", "year", ...}; cached briefly because
        every query needs it (other GovQA instances may write to a server)."""
        ttl = 2.0 if self.settings.chroma_url else 3600.0
        if not refresh and self._reports_cache is not None and time.monotonic() - self._cache_at < ttl:
            return self._reports_cache
        live = _visible(self._records())
        self._reports_cache, self._cache_at = live, time.monotonic()
        return live

    def _records(self) -> dict[str, dict]:
        """Every commit record's metadata, hidden ones (a renamed report's old id) included."""
        got = self._run(lambda _, reports: reports.get(include=["metadatas"]))
        return {rid: dict(meta or {}) for rid, meta in zip(got["ids"], got["metadatas"] or [])}

    def reports(self) -> list[dict]:
        out = []
        for rid, m in sorted(self._live().items(), key=lambda kv: (-int(kv[1]["year"]), kv[0])):
            out.append({"report_id": rid, "agency": m["agency"], "year": int(m["year"]),
                        "template": m.get("template", ""), "n_values": int(m.get("n_values", 0)),
                        "n_findings": int(m.get("n_findings", 0)), "n_chunks": int(m.get("n_chunks", 0)),
                        "source": m.get("source", ""),
                        "agency_variants": [v for v in (m.get("variants") or "").split("|") if v]})
        return out

    def get_report(self, report_id: str) -> ParsedReport | None:
        def read(_, reports):
            got = reports.get(ids=[report_id], include=["documents", "metadatas"])
            if not got["ids"]:
                return None
            if self._hidden(reports, report_id, got["metadatas"][0] or {}):
                return None  # the old id of a corrected report
            return got["documents"][0]

        doc = self._run(read)
        return None if doc is None else _facts_from_document(doc)

    @staticmethod
    def _hidden(reports_col, report_id: str, meta: dict) -> bool:
        """This record is a corrected report's old id (another record replaces it)."""
        gen = meta.get("gen")
        return bool(gen) and bool(reports_col.get(where={"replaces": f"{report_id}#{gen}"}, include=[])["ids"])

    def live_generations(self) -> dict[str, str]:
        return {rid: m["gen"] for rid, m in self._live().items()}

    # -- writing -------------------------------------------------------------------------
    def add_report(self, report: ParsedReport, progress=None) -> int:
        """Add or replace one report, all or nothing. Returns the number of chunks."""
        with self._guard():
            return self._add_report(report, progress)

    def _embed(self, report: ParsedReport, chunks: list[Chunk], progress=None) -> tuple[list, list[str]]:
        """Vectors for the chunks' embed texts, and their keys. A text whose
        vector the store already holds for this report (same text, same model)
        is not embedded again: re-ingesting an unchanged report, or one a killed
        ingest had half written, costs no model time. The rest is embedded
        longest first, so batches pad little."""
        fingerprint = str(getattr(self.embedder, "fingerprint", "") or "")
        texts = [c.embed_text(report) for c in chunks]
        keys = [_vector_key(fingerprint, t) for t in texts]
        vectors: list = [None] * len(texts)
        if fingerprint:
            known = self._known_vectors(report.report_id)
            for i, k in enumerate(keys):
                if k in known:
                    vectors[i] = known[k]
        todo = sorted((i for i, v in enumerate(vectors) if v is None), key=lambda i: -len(texts[i]))
        done = len(texts) - len(todo)
        if progress and done:
            progress(done, len(texts))
        for s in range(0, len(todo), _EMBED_SLICE):
            part = todo[s:s + _EMBED_SLICE]
            for i, v in zip(part, self.embedder.embed_passages([texts[i] for i in part])):
                vectors[i] = v
            done += len(part)
            if progress:
                progress(done, len(texts))
        return vectors, keys

    def _ensure_labels(self, report: ParsedReport, rows: list[Chunk]) -> None:
        """Every row text of this report has its one vector in the labels collection."""
        fingerprint = str(getattr(self.embedder, "fingerprint", "") or "")
        texts = {_vector_key(fingerprint, c.embed_text(report)): c.embed_text(report) for c in rows}
        missing = [k for k in texts if k not in self._known_labels]
        if not missing:
            return
        self._collections()
        have = set(self._labels.get(ids=missing, include=[])["ids"])
        todo = [k for k in missing if k not in have]
        if todo:
            vectors = self.embedder.embed_passages([texts[k] for k in todo])
            self._labels.upsert(ids=todo, embeddings=vectors, documents=[texts[k] for k in todo])
        self._known_labels.update(missing)

    def _known_vectors(self, report_id: str) -> dict[str, list[float]]:
        """vector key → vector for every chunk of this report in the store: the
        live generation's and any a killed ingest left behind (complete vectors
        of the same text by the same model; reusing them makes resuming cheap)."""
        chunks_col, _ = self._collections()
        got = chunks_col.get(where={"report_id": report_id}, include=["metadatas", "embeddings"])
        embs = got.get("embeddings")
        if embs is None:
            return {}
        return {m["vkey"]: [float(x) for x in e]
                for m, e in zip(got["metadatas"] or [], embs) if m and m.get("vkey")}

    def _add_report(self, report: ParsedReport, progress=None, replaces: str | None = None) -> int:
        """``replaces``: "{old_id}#{old_gen}" of the record this one hides from
        readers as it commits (a corrected identity)."""
        chunks_col, reports_col = self._collections()
        # a record that hid a renamed report's old id keeps hiding it when replaced
        prior = reports_col.get(ids=[report.report_id], include=["metadatas"])
        carried = ((prior["metadatas"] or [{}])[0] or {}).get("replaces") if prior["ids"] else None
        replaces = replaces or carried
        chunks = build_chunks(report)
        stored = [c for c in chunks if c.kind != "table_row"]
        gen = uuid.uuid4().hex[:12]
        ids = [f"{report.report_id}#{gen}#{c.position}" for c in stored]
        try:
            self._ensure_labels(report, [c for c in chunks if c.kind == "table_row"])
            vectors, keys = self._embed(report, stored, progress)
            metas = [{**self._chunk_meta(report, c, gen), "vkey": k} for c, k in zip(stored, keys)]
            docs = [c.text for c in stored]
            for i in range(0, len(ids), _BATCH):
                chunks_col.add(ids=ids[i:i + _BATCH], embeddings=vectors[i:i + _BATCH],
                               documents=docs[i:i + _BATCH], metadatas=metas[i:i + _BATCH])
            meta = {"agency": report.agency, "year": report.year, "gen": gen,
                    "template": report.template, "n_values": len(report.values),
                    "n_findings": len(report.findings), "n_chunks": len(chunks),
                    "n_stored": len(stored),
                    "source": report.source.get("file", ""),
                    # other names the report gives its agency: questions may use them
                    "variants": "|".join(report.agency_variants),
                    "ingested_at": time.time()}
            if replaces:
                meta["replaces"] = replaces
            # The commit: one record naming the live generation (and hiding the one it replaces).
            reports_col.upsert(ids=[report.report_id], embeddings=[[1.0]],
                               documents=[_facts_document(report)], metadatas=[meta])
        except BaseException:
            self._delete_chunks_quietly(chunks_col, {"gen": gen})
            raise
        finally:
            self._reports_cache = None
        self._delete_chunks_quietly(chunks_col, {"$and": [{"report_id": report.report_id}, {"gen": {"$ne": gen}}]})
        if replaces:
            self._drop_quietly(replaces)
        return len(chunks)

    def correct_identity(self, report_id: str, agency: str | None = None, year: int | None = None,
                         progress=None) -> ParsedReport | None:
        """Restate a stored report's agency and/or year (staff correcting a
        misread identity) without its file: its stored facts and prose are
        written again under ``{year}-{agency}``, the old id disappearing in the
        same commit; all or nothing like an ingest. The store does not keep a
        report's source, so nothing is parsed again. None when there is no such
        report; IdentityError on a bad statement, IdentityConflict when the new
        id is another stored report's."""
        with self._guard():
            old = self.get_report(report_id)
            if old is None:
                return None
            new = restated(old, agency, year)
            if new.report_id == report_id:
                self._add_report(new, progress)
                return new
            live = self._live(refresh=True)
            if new.report_id in live:
                raise IdentityConflict(f"{new.report_id} is already in the store; remove it first or state "
                                       f"another agency or year")
            gen = live.get(report_id, {}).get("gen")
            if gen is None:  # removed or renamed meanwhile
                return None
            self._add_report(new, progress, replaces=f"{report_id}#{gen}")
            return new

    def _drop(self, marker: str) -> None:
        """Delete the record a ``replaces`` marker ("{id}#{gen}") hides, what it in
        turn hides, and its chunks. A record of that id written since (another
        generation) is not hidden and stays."""
        report_id, _, gen = marker.rpartition("#")
        chunks_col, reports_col = self._collections()
        got = reports_col.get(ids=[report_id], include=["metadatas"])
        if not got["ids"]:
            return
        meta = got["metadatas"][0] or {}
        if meta.get("gen") != gen:
            return
        if meta.get("replaces"):
            self._drop(meta["replaces"])
        reports_col.delete(ids=[report_id])
        self._reports_cache = None
        self._delete_chunks_quietly(chunks_col, {"report_id": report_id})

    def _drop_quietly(self, marker: str) -> None:
        try:
            self._drop(marker)
        except Exception:
            pass  # the record is hidden from readers and dropped by the next sweep

    @staticmethod
    def _chunk_meta(report: ParsedReport, c: Chunk, gen: str) -> dict:
        return {"report_id": report.report_id, "agency": report.agency, "year": report.year,
                "section": c.section, "subsection": c.subsection, "kind": c.kind,
                "keys": ",".join(c.keys), "position": c.position, "gen": gen, "written_at": int(time.time())}

    @staticmethod
    def _delete_chunks_quietly(col, where: dict) -> None:
        try:
            col.delete(where=where)
        except Exception:
            pass  # a leftover generation is invisible to readers and swept later

    def remove(self, report_id: str) -> bool:
        with self._guard():
            chunks_col, reports_col = self._collections()
            got = reports_col.get(ids=[report_id], include=["metadatas"])
            if not got["ids"]:
                return False
            meta = (got["metadatas"] or [{}])[0] or {}
            if self._hidden(reports_col, report_id, meta):
                return False
            replaces = meta.get("replaces")
            if replaces:  # a hidden old id would show again without its marker
                self._drop(replaces)
            reports_col.delete(ids=[report_id])  # the commit: chunks become invisible
            self._reports_cache = None
            self._delete_chunks_quietly(chunks_col, {"report_id": report_id})
            return True

    def sweep(self, min_age_s: float = 0) -> int:
        """Delete chunks of generations no report names (an interrupted ingest).
        ``min_age_s`` spares chunks written more recently: another process may be
        in the middle of an ingest whose commit record is not written yet."""
        with self._guard():
            chunks_col, _ = self._collections()
            records = self._records()
            for rid, m in records.items():  # old ids of corrected reports a cut-short rename left
                if m.get("replaces") and m["replaces"].rpartition("#")[0] in records:
                    self._drop(m["replaces"])
            live = {m["gen"] for m in self._live(refresh=True).values()}
            got = chunks_col.get(include=["metadatas"])
            cutoff = time.time() - min_age_s
            dead = [i for i, m in zip(got["ids"], got["metadatas"] or [])
                    if m.get("gen") not in live and (not min_age_s or m.get("written_at", 0) < cutoff)]
            for i in range(0, len(dead), _BATCH):
                chunks_col.delete(ids=dead[i:i + _BATCH])
            return len(dead)

    # -- reading -------------------------------------------------------------------------
    def all_chunks(self) -> list[dict]:
        """Every live chunk: passages from Chroma, table rows rebuilt from the facts."""
        return self.chunks_of(list(self._live()))

    def chunks_of(self, report_ids: list[str]) -> list[dict]:
        """The live chunks of these reports (the BM25 index adds reports with it)."""
        live = self._live()
        report_ids = [r for r in report_ids if r in live]
        if not report_ids:
            return []
        gens = {live[r]["gen"] for r in report_ids}
        where = {"gen": {"$in": sorted(gens)}} if len(gens) > 1 else {"gen": next(iter(gens))}
        if len(report_ids) == len(live):
            where = None  # every report: no filter to evaluate
        out: list[dict] = []
        offset = 0
        while True:  # in pages: one response for 10,000 reports would be ~1 GB of JSON
            got = self._run(lambda chunks_col, _: chunks_col.get(where=where, include=["documents", "metadatas"],
                                                                 limit=_PAGE, offset=offset))
            out.extend(_compact({"id": i, "text": d, **m})
                       for i, d, m in zip(got["ids"], got["documents"], got["metadatas"]) if m.get("gen") in gens)
            if len(got["ids"]) < _PAGE:
                break
            offset += _PAGE
        out.extend(self.rows_of(report_ids))
        return out

    def chunks_by_id(self, ids: list[str]) -> list[dict | None]:
        """These chunks, in this order (None for one no longer live): passages
        from Chroma, table rows rebuilt from their report's facts."""
        if not ids:
            return []
        got = self._run(lambda chunks_col, _: chunks_col.get(ids=list(dict.fromkeys(ids)),
                                                             include=["documents", "metadatas"]))
        found = {i: _compact({"id": i, "text": d, **m})
                 for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])}
        missing = {i.split("#", 1)[0] for i in ids if i not in found}
        if missing:
            found.update((r["id"], r) for r in self.rows_of(sorted(missing)))
        live = self._live()
        return [d if d is not None and live.get(d["report_id"], {}).get("gen") == d.get("gen") else None
                for d in (found.get(i) for i in ids)]

    def small_scope(self) -> list[str]:
        """Every live report when there are few enough to scan their rows per
        question (``ROW_SCOPE_LIMIT``), else none."""
        live = self._live()
        return list(live) if len(live) <= ROW_SCOPE_LIMIT else []

    def rows_of(self, report_ids: list[str]) -> list[dict]:
        """Table-row chunks of live reports, rebuilt from their stored facts (cached)."""
        live = self._live()
        keys = [(r, live[r]["gen"]) for r in report_ids if r in live]
        missing = [k for k in keys if k not in self._rows]
        for i in range(0, len(missing), 200):
            part = dict(missing[i:i + 200])
            got = self._run(lambda _, reports: reports.get(ids=list(part), include=["documents"]))
            for rid, doc in zip(got["ids"], got["documents"]):
                self._rows[(rid, part[rid])] = self._row_dicts(_facts_from_document(doc), part[rid])
        out: list[dict] = []
        for k in keys:
            rows = self._rows.get(k)
            if rows is not None:
                self._rows.move_to_end(k)
                out.extend(rows)
        while len(self._rows) > _ROWS_CACHED:
            self._rows.popitem(last=False)
        return out

    def _row_dicts(self, report: ParsedReport, gen: str) -> list[dict]:
        fingerprint = str(getattr(self.embedder, "fingerprint", "") or "")
        return [_compact({"id": f"{report.report_id}#{gen}#{c.position}", "text": c.text,
                          **self._chunk_meta(report, c, gen), "vkey": _vector_key(fingerprint, c.embed_text(report))})
                for c in build_chunks(report) if c.kind == "table_row"]

    def _label_hits(self, vector: list[float], n: int) -> dict[str, float]:
        """Row-label vector key → cosine, for the labels nearest the question."""
        def query(_, __):
            count = self._labels.count()
            if not count:
                return None
            return self._labels.query(query_embeddings=[vector], n_results=min(count, n), include=["distances"])

        res = self._run(query)
        if res is None:
            return {}
        return {i: 1.0 - d for i, d in zip(res["ids"][0], res["distances"][0])}

    def dense_search(self, vector: list[float], k: int, report_ids: list[str] | None = None) -> list[dict]:
        live = self._live()
        where = None
        if report_ids is not None:
            if not report_ids:
                return []
            where = {"report_id": report_ids[0]} if len(report_ids) == 1 else {"report_id": {"$in": report_ids}}

        def query(chunks_col, _):
            n = chunks_col.count()
            if n == 0:
                return None
            return chunks_col.query(query_embeddings=[vector], n_results=min(n, k * 2 + 8), where=where,
                                    include=["documents", "metadatas", "distances"])

        res = self._run(query)
        out = []
        for i, d, m, dist in zip(*(res[f][0] for f in ("ids", "documents", "metadatas", "distances"))) \
                if res is not None else ():
            if live.get(m["report_id"], {}).get("gen") != m.get("gen"):
                continue
            out.append({"id": i, "text": d, "dense": 1.0 - dist, **m})
        out = out[:k]
        # table rows: the labels nearest the question, for every report in scope
        scope = report_ids if report_ids is not None else self.small_scope()
        hits = self._label_hits(vector, 12) if scope else {}
        if hits:
            rows = [{**r, "dense": hits[r["vkey"]]} for r in self.rows_of(scope) if r["vkey"] in hits]
            out = sorted(out + rows, key=lambda d: -d["dense"])[:k]
        return out

    def version(self) -> tuple:
        return tuple(sorted(self.live_generations().items()))
