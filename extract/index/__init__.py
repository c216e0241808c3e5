"""The index: the store's schema and its two backends (:mod:`.store` SQLite,
:mod:`.store_pg` PostgreSQL, chosen by :func:`.backends.open_store`), the batch indexer
(:mod:`.indexer`: walking, workers, executors) and the queries over it (:mod:`.queries`)."""
