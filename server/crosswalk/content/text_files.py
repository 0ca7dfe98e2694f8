"""Reading the content root's text files (SSSOM and curation TSV): UTF-8, and a file that is not says where."""

from __future__ import annotations

from pathlib import Path


class NotUtf8Text(ValueError):
    """A file with bytes that are not UTF-8; ``line`` is the first such byte's line."""

    def __init__(self, path: Path, line: int, byte: int) -> None:
        self.path, self.line = path, line
        self.message = f"not UTF-8 text: byte {byte:#04x} (save the file as UTF-8)"
        super().__init__(f"{path}:{line}: {self.message}")


def utf8_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotUtf8Text(path, data[: error.start].count(b"\n") + 1, data[error.start]) from error
