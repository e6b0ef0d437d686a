"""Reading what the user points at, safely: one file, a folder, or a zip. Shared by every reader.

The whole API::

    with open_source(path) as src:        # -> Source; NotAnExport (one line) when unusable
        src.label                         # what the user chose, for messages: "export.zip"
        src.names()                       # members: relative "/" paths, files only, sorted
        src.find("seen_episode.csv")      # first member with that base name (any case), or None
        src.size(name)                    # uncompressed size in bytes
        src.describe(name)                # a member named for messages: "export.zip/seen_episode.csv"
        src.head(name, n)                 # the first n bytes (BOM included), for looks_like()
        src.first_line(name)              # the first line as text, or None when not text
        src.open_text(name, max_bytes)    # context manager -> text stream (BOM handled)
        src.read_json(name, max_bytes)    # parsed JSON
        src.csv_header(name)              # header names (stripped, lower-case), or None
        src.csv_rows(name)                # streams dicts keyed by those names; values stripped

Every failure is ``NotAnExport`` with one line naming the file and the reason: not text (binary
data), cut off JSON, too big, too many rows, a damaged zip, a zip bomb, unsafe member paths,
password-protected. Nothing is extracted to disk. The limits are module constants, read at call
time, so tests can monkeypatch them smaller.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from watchtracker.domain.transfer import NotAnExport

MB = 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 300 * MB  # all members, uncompressed
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member (real CSV/JSON: 5-40)
ZIP_RATIO_FLOOR = 1 * MB  # members smaller than this may compress as well as they like
MAX_MEMBERS = 5_000
MAX_FOLDER_FILES = 2_000
MAX_FOLDER_DEPTH = 4
MAX_CSV_BYTES = 250 * MB  # streamed, never held whole
MAX_CSV_ROWS = 300_000  # per file: over ten times a heavy viewer's lifetime; bounds memory
MAX_JSON_BYTES = 150 * MB  # parsed whole: ~240,000 Trakt plays, ~700 MB of memory at most
MAX_LINE_CHARS = 1_000_000
SNIFF_BYTES = 8_192

_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"SQLite format",
                 b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!")
_IGNORED = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$|Thumbs\.db$)")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


class Source:
    """The files of one export, by relative name. Use ``open_source`` to make one."""

    def __init__(self, label: str, path: Path, members: dict[str, tuple[int, Callable[[], IO[bytes]]]],
                 closer: Callable[[], None] | None = None) -> None:
        self.label = label
        self.path = path
        self._members = members
        self._closer = closer

    # -- what is there ------------------------------------------------------------------------
    def names(self) -> list[str]:
        return sorted(self._members)

    def find(self, basename: str) -> str | None:
        wanted = basename.lower()
        for name in self.names():
            if name.rsplit("/", 1)[-1].lower() == wanted:
                return name
        return None

    def size(self, name: str) -> int:
        return self._member(name)[0]

    def describe(self, name: str) -> str:
        """How to name a member in a message: "export.zip/seen_episode.csv"."""
        if len(self._members) == 1 and name == self.label:
            return _one_line(self.label)
        return _one_line(f"{self.label}/{name}")

    # -- bytes and text -----------------------------------------------------------------------
    def head(self, name: str, n: int = SNIFF_BYTES) -> bytes:
        try:
            with self._member(name)[1]() as f:
                return f.read(n)
        except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise NotAnExport(f"{self.describe(name)}: cannot be read ({_one_line(exc)})") from exc

    def first_line(self, name: str) -> str | None:
        """The first line as text (BOM removed), or None when the member is not text."""
        try:
            head = self.head(name, SNIFF_BYTES)
            encoding = _sniff_encoding(head, self.describe(name))
        except NotAnExport:
            return None
        text = head.decode(encoding, errors="replace")
        return text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""

    @contextmanager
    def open_text(self, name: str, max_bytes: int | None = None) -> Iterator[IO[str]]:
        """A text stream over the member: encoding from its BOM (UTF-8 without one, a stray bad
        byte replaced), binary data refused, more than ``max_bytes`` refused."""
        limit = MAX_CSV_BYTES if max_bytes is None else max_bytes
        what = self.describe(name)
        size = self.size(name)
        if size > limit:
            raise NotAnExport(f"{what}: too big ({_mb(size)}; an export file may be up to {_mb(limit)})")
        encoding = _sniff_encoding(self.head(name), what)
        try:
            raw = self._member(name)[1]()
        except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
            raise NotAnExport(f"{what}: cannot be read ({_one_line(exc)})") from exc
        text = io.TextIOWrapper(io.BufferedReader(_Capped(raw, limit, what)), encoding=encoding,
                                errors="replace", newline="")
        try:
            yield text
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise NotAnExport(f"{what}: cannot be read ({_one_line(exc)})") from exc
        finally:
            text.close()

    def read_json(self, name: str, max_bytes: int | None = None) -> Any:
        limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
        what = self.describe(name)
        with self.open_text(name, limit) as text:
            try:
                content = text.read()
            except (OSError, zipfile.BadZipFile, EOFError) as exc:
                raise NotAnExport(f"{what}: cannot be read ({_one_line(exc)})") from exc
        content = content.lstrip("\ufeff")
        if not content.strip():
            raise NotAnExport(f"{what}: empty file, not JSON")
        try:
            return json.loads(content)
        except json.JSONDecodeError as exc:
            if exc.pos == 0 or not content.lstrip().startswith(("[", "{")):
                raise NotAnExport(f"{what}: not JSON") from None
            if not content.rstrip().endswith(("]", "}")) or exc.pos >= len(content.rstrip()):
                raise NotAnExport(f"{what}: JSON cut off at the end (truncated download?)") from None
            raise NotAnExport(f"{what}: damaged JSON at line {exc.lineno}, column {exc.colno}") from None
        except RecursionError:
            raise NotAnExport(f"{what}: JSON nested too deeply") from None

    def csv_header(self, name: str) -> list[str] | None:
        line = self.first_line(name)
        if not line:
            return None
        try:
            return [_header_key(h) for h in next(csv.reader([line]))]
        except (csv.Error, StopIteration):
            return None

    def csv_rows(self, name: str, max_rows: int | None = None) -> Iterator[dict[str, str]]:
        """Stream the rows as dicts keyed by the normalised header; blank lines skipped; a short
        row (cut off) lacks the keys of its missing cells, so ``len(row) < len(header)`` tells.
        More than ``max_rows`` rows is refused, not cut."""
        cap = MAX_CSV_ROWS if max_rows is None else max_rows
        what = self.describe(name)
        with self.open_text(name, MAX_CSV_BYTES) as text:
            reader = csv.reader(_lines(text, what))
            try:
                header = next(reader, None)
                if header is None:
                    return
                keys = [_header_key(h) for h in header]
                count = 0
                for row in reader:
                    if not any(cell.strip() for cell in row):
                        continue
                    count += 1
                    if count > cap:
                        raise NotAnExport(f"{what}: more than {cap:,} rows, too many to import")
                    yield {k: row[i].strip() for i, k in enumerate(keys) if k and i < len(row)}
            except csv.Error as exc:
                raise NotAnExport(f"{what}: damaged CSV ({_one_line(exc)})") from None

    # -- lifetime -----------------------------------------------------------------------------
    def close(self) -> None:
        if self._closer is not None:
            self._closer()
            self._closer = None

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _member(self, name: str) -> tuple[int, Callable[[], IO[bytes]]]:
        try:
            return self._members[name]
        except KeyError:
            raise NotAnExport(f"{_one_line(self.label)}: has no file {_one_line(name)!r}") from None


def open_source(path: str | os.PathLike[str]) -> Source:
    """A file, a folder or a zip (recognised by its content, not its extension)."""
    p = Path(path)
    label = _one_line(p.name or str(p))
    try:
        if p.is_dir():
            return _open_folder(p, label)
        if not p.is_file():
            raise NotAnExport(f"{label}: no such file or folder")
        with p.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise NotAnExport(f"{label}: cannot be read ({_one_line(exc.strerror or exc)})") from exc
    if not magic:
        raise NotAnExport(f"{label}: empty file")
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"PK\x05\x06"):
        return _open_zip(p, label)
    size = p.stat().st_size
    return Source(label, p, {label: (size, lambda: p.open("rb"))})


def _open_folder(root: Path, label: str) -> Source:
    members: dict[str, tuple[int, Callable[[], IO[bytes]]]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root)
        depth = len(rel.parts)
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__MACOSX"
                       and depth < MAX_FOLDER_DEPTH and not os.path.islink(os.path.join(dirpath, d))]
        for fn in filenames:
            full = Path(dirpath) / fn
            name = (rel / fn).as_posix()
            if _IGNORED.search(name) or fn.startswith(".") or full.is_symlink():
                continue
            if len(members) >= MAX_FOLDER_FILES:
                raise NotAnExport(f"{label}: more than {MAX_FOLDER_FILES:,} files; choose the export itself")
            members[name] = (full.stat().st_size, lambda full=full: full.open("rb"))
    if not members:
        raise NotAnExport(f"{label}: empty folder")
    return Source(label, root, members)


def _open_zip(path: Path, label: str) -> Source:
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise NotAnExport(f"{label}: damaged zip ({_one_line(exc)})") from None
    try:
        if len(infos) > MAX_MEMBERS:
            raise NotAnExport(f"{label}: more than {MAX_MEMBERS:,} files in the zip; not an export")
        total = 0
        members: dict[str, tuple[int, Callable[[], IO[bytes]]]] = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
                raise NotAnExport(f"{label}: refused, the zip holds an unsafe path ({_one_line(name)!r})")
            if info.flag_bits & 0x1:
                raise NotAnExport(f"{label}: password-protected: unzip it first, then choose the folder")
            if info.file_size > ZIP_RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise NotAnExport(f"{label}: refused, {_one_line(name)} unpacks {info.file_size // max(info.compress_size, 1):,} "
                                  f"times larger than it is packed (a zip bomb?)")
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                raise NotAnExport(f"{label}: unpacks to more than {_mb(MAX_ZIP_TOTAL_BYTES)}; too big for an export")
            if _IGNORED.search(name):
                continue
            members[name] = (info.file_size, lambda info=info: zf.open(info))
        if not members:
            raise NotAnExport(f"{label}: empty zip")
    except BaseException:
        zf.close()
        raise
    return Source(label, path, members, closer=zf.close)


class _Capped(io.RawIOBase):
    """Counts what is read and stops at the limit, whatever a zip header claimed."""

    def __init__(self, raw: IO[bytes], limit: int, what: str) -> None:
        self._raw = raw
        self._left = limit
        self._limit = limit
        self._what = what

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise NotAnExport(f"{self._what}: too big (more than {_mb(self._limit)})")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()


def _sniff_encoding(head: bytes, what: str) -> str:
    """The encoding to read with, from the first bytes; binary data refused."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if not head.strip():
        return "utf-8"
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        raise NotAnExport(f"{what}: not a text file (binary data)")
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\v" or b == 127)
    if controls > len(head) // 20:
        raise NotAnExport(f"{what}: not a text file (binary data)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _lines(text: IO[str], what: str) -> Iterator[str]:
    limit = MAX_LINE_CHARS
    while True:
        line = text.readline(limit)
        if not line:
            return
        if len(line) >= limit and not line.endswith(("\n", "\r")):
            raise NotAnExport(f"{what}: a line longer than {limit:,} characters; not a CSV export")
        yield line


def _header_key(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().strip('"').lower()
