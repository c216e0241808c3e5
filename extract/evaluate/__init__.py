"""``baocao eval``: precision and recall against the gold annotations of corpus/ and of
the real documents of ../shared/corpus — references (:mod:`.references`), figures and
statements (:mod:`.figures`), dates (:mod:`.dates`)."""
