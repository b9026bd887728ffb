"""GovQA: cited answers from government information-disclosure annual reports."""

__version__ = "0.1.0"

from govqa.memory import limit_malloc_arenas as _limit_malloc_arenas

_limit_malloc_arenas()  # at import: before Chroma, torch or the server start threads
