"""The top floor below the command line: ``baocao serve``, a local web app over the
index (:mod:`.app`) with its pages (:mod:`.pages`) and charts (:mod:`.charts`).

It reads the index only through :mod:`extract.index.queries`, so it answers alike from a
SQLite file and a PostgreSQL server."""
