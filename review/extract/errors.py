"""The one exception the extractor raises for input it refuses to read."""
from __future__ import annotations


class UnsupportedFile(Exception):
    """An upload that is not a readable .docx or .pdf; ``message`` is shown to the user as is."""

    def __init__(self, message: str):
        super().__init__(message)
        #: A clear Simplified-Chinese explanation for the uploader.
        self.message = message
