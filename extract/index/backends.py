"""Which store a ``--db`` names: a SQLite file, or a PostgreSQL server for a
``postgresql://`` URL (:func:`extract.index.store.is_server_url` decides)."""
from __future__ import annotations

import os

from extract.index.store import Store, is_server_url
from extract.index.store_pg import PgStore

__all__ = ["open_store"]


def open_store(db: str | os.PathLike[str] | Store, *, readonly: bool = False) -> Store:
    """A :class:`Store` for a path or a ``postgresql://`` URL, or the given store itself."""
    if isinstance(db, Store):
        return db
    if is_server_url(db):
        return PgStore(db, readonly=readonly)
    return Store(db, readonly=readonly)
