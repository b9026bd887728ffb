"""jieba, shared: its dictionary initialises lazily and not thread-safely, so every cut
(ingest's and the retriever's) holds one lock."""

import logging
import threading

logging.getLogger("jieba").setLevel(logging.WARNING)
JIEBA_LOCK = threading.Lock()


def tagged(text: str) -> list[tuple[str, str]]:
    """The words of a short run with their parts of speech (东丽区 ns, 通过 p)."""
    import jieba.posseg

    with JIEBA_LOCK:
        return [(w.word, w.flag) for w in jieba.posseg.cut(text)]


def first_word(text: str) -> str:
    import jieba

    with JIEBA_LOCK:
        return next(iter(jieba.cut(text)), "")
