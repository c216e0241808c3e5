"""Errors raised by baocao's readers."""


class ReadError(Exception):
    """A file could not be read as the kind of document it claims to be."""

    def __init__(self, path, reason):
        super().__init__(path, reason)
        self.path = path
        self.reason = reason

    def __str__(self):
        return f"{self.path}: {self.reason}"
