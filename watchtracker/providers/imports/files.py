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
        src.skipped                       # lines: what was left out (special files, links)

Only regular files are read. A named pipe (FIFO), a socket, a device or a symbolic link found in
a folder, or a zip entry that says it is one, is left out with a line in ``skipped``; one chosen
as the file itself is refused. Every file is opened non-blocking and checked again once open, so
even a file swapped for a FIFO after the listing cannot block a read.

Every failure is ``NotAnExport`` with one line naming the file and the reason: not text (binary
data), cut off JSON, too big, too many rows, a damaged zip, a zip bomb, unsafe member paths,
password-protected. Nothing is extracted to disk. The limits are module constants, read at call
time, so tests can monkeypatch them smaller; each is named in the line that refuses a file
beyond it. Memory stays a small multiple of what is read: CSV is streamed (rows, lines and bytes
capped); a JSON file is held as one-byte-per-character text, then parsed (bytes and objects
capped: about 5 times the file); all the files of one source together are capped as well.
"""

from __future__ import annotations

import codecs
import csv
import errno
import io
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any

from watchtracker.domain.text import clean_line
from watchtracker.domain.transfer import NotAnExport

MB = 1024 * 1024
MAX_ZIP_TOTAL_BYTES = 300 * MB  # all members, uncompressed
MAX_READ_BYTES = 600 * MB  # all the files of one export read together (a file may be read twice)
MAX_ZIP_RATIO = 200  # uncompressed / compressed, per member (real CSV/JSON: 5-40)
ZIP_RATIO_FLOOR = 1 * MB  # members smaller than this may compress as well as they like
MAX_MEMBERS = 5_000
MAX_FOLDER_FILES = 2_000
MAX_FOLDER_DEPTH = 4
MAX_CSV_BYTES = 250 * MB  # streamed, never held whole
MAX_CSV_ROWS = 300_000  # per file: over ten times a heavy viewer's lifetime; bounds memory
MAX_JSON_BYTES = 150 * MB  # parsed whole: ~240,000 Trakt plays, about 5 times its size in memory
MAX_JSON_ENTRIES = 3_000_000  # objects and lists in one JSON file (~500,000 Trakt plays): bounds the
# memory of files of countless tiny entries ("[{},{},...]"), which parsing makes 20 times larger
MAX_LINE_CHARS = 1_000_000
SNIFF_BYTES = 8_192
MAX_SKIPPED_LINES = 12  # special files named one by one; the rest counted

_BINARY_MAGIC = (
    b"PK\x03\x04",
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"SQLite format",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
)
_IGNORED = re.compile(r"(^|/)(__MACOSX/|\._|\.DS_Store$|Thumbs\.db$)")


MAX_NAME_CHARS = 160  # of a file's name in a message


def _one_line(text: object) -> str:
    """Outside text for a message: one line, controls removed, cut short."""
    line = " ".join(clean_line(str(text)).split())
    return line if len(line) <= MAX_NAME_CHARS else f"{line[: MAX_NAME_CHARS - 1]}…"


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
)


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, for a message: "a named pipe (FIFO)" ..."""
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def not_regular(label: str, mode: int) -> NotAnExport:
    return NotAnExport(
        f"{_one_line(label)}: {file_kind(mode)}, not a regular file; choose the export file or its folder"
    )


def open_regular(path: str | os.PathLike[str], label: str | None = None) -> IO[bytes]:
    """``path`` opened for reading in binary, when it is a regular file (a symbolic link to one
    is followed); NotAnExport otherwise. Opened non-blocking and checked once open, so a FIFO
    (even one swapped in after a check) never blocks: the open returns at once and is refused."""
    what = _one_line(label if label is not None else Path(path).name)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _open_error(what, path, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(what, mode)
        if flags & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file: reads are whole again
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_error(what: str, path: str | os.PathLike[str], exc: OSError) -> NotAnExport:
    """One line for a file that cannot be opened or looked at."""
    if exc.errno == errno.ELOOP:
        return NotAnExport(f"{what}: a symbolic link that leads back to itself; choose the export itself")
    if exc.errno == errno.ENXIO:  # opening a socket
        return NotAnExport(f"{what}: a socket, not a regular file; choose the export file or its folder")
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return NotAnExport(f"{what}: a symbolic link to a file that does not exist")
        return NotAnExport(f"{what}: no such file or folder")
    return NotAnExport(f"{what}: cannot be read ({_one_line(exc.strerror or exc)})")


def _mb(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= MB else f"{n:,} bytes"


class Source:
    """The files of one export, by relative name. Use ``open_source`` to make one."""

    def __init__(
        self,
        label: str,
        path: Path,
        members: dict[str, tuple[int, Callable[[], IO[bytes]]]],
        closer: Callable[[], None] | None = None,
        skipped: list[str] | None = None,
    ) -> None:
        self.label = label
        self.path = path
        self._members = members
        self._closer = closer
        self.skipped: list[str] = list(skipped or [])  # what was left out, a line each
        self._read = 0  # bytes read from all members (their first bytes, sniffed, aside)

    def count_read(self, n: int) -> None:
        """Bytes read from a member: all of them together may be up to ``MAX_READ_BYTES``, so
        that what is read and kept of a folder of many big files stays bounded too."""
        self._read += n
        if self._read > MAX_READ_BYTES:
            raise NotAnExport(
                f"{_one_line(self.label)}: more than {_mb(MAX_READ_BYTES)} of files to read; too big for an export"
            )

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
        text = head.decode(encoding, errors="replace").lstrip("\ufeff")  # (a file of marks alone: "")
        return text.splitlines()[0] if text.strip() else ""

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
        text = io.TextIOWrapper(
            io.BufferedReader(_Capped(raw, limit, what, self)), encoding=encoding, errors="replace", newline=""
        )
        try:
            yield text
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            raise NotAnExport(f"{what}: cannot be read ({_one_line(exc)})") from exc
        finally:
            text.close()

    def read_json(self, name: str, max_bytes: int | None = None) -> Any:
        """The member parsed as JSON, in memory a small multiple of its size: the text is held
        one byte per character (see ``json_text``), more than ``MAX_JSON_ENTRIES`` objects and
        lists is refused before parsing, and every empty object is one shared ``{}``."""
        limit = MAX_JSON_BYTES if max_bytes is None else max_bytes
        what = self.describe(name)
        size = self.size(name)
        if size > limit:
            raise NotAnExport(f"{what}: too big ({_mb(size)}; an export file may be up to {_mb(limit)})")
        encoding = _sniff_encoding(self.head(name), what)
        try:
            with self._member(name)[1]() as raw:
                capped = _Capped(raw, limit, what, self)
                content = json_text(iter(lambda: capped.read(CHUNK_BYTES), b""), encoding)
        except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise NotAnExport(f"{what}: cannot be read ({_one_line(exc)})") from exc
        return parse_json(content, what, MAX_JSON_ENTRIES)

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
    """A file, a folder or a zip (recognised by its content, not its extension). A special file
    (FIFO, socket, device) or a broken or looping symbolic link is refused with one line."""
    p = Path(path)
    label = _one_line(p.name or str(p))
    try:
        mode = os.stat(p).st_mode  # follows a symbolic link: what it leads to counts
    except OSError as exc:
        raise _open_error(label, p, exc) from None
    if stat.S_ISDIR(mode):
        return _open_folder(p, label)
    if not stat.S_ISREG(mode):
        raise not_regular(label, mode)
    with open_regular(p, label) as f:
        try:
            magic = f.read(4)
            size = os.fstat(f.fileno()).st_size
        except OSError as exc:
            raise NotAnExport(f"{label}: cannot be read ({_one_line(exc.strerror or exc)})") from exc
    if not magic:
        raise NotAnExport(f"{label}: empty file")
    if magic.startswith(b"PK\x03\x04") or magic.startswith(b"PK\x05\x06"):
        return _open_zip(p, label)
    return Source(label, p, {label: (size, lambda: open_regular(p, label))})


def _open_folder(root: Path, label: str) -> Source:
    members: dict[str, tuple[int, Callable[[], IO[bytes]]]] = {}
    special: list[str] = []
    links: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = Path(dirpath).relative_to(root)
        depth = len(rel.parts)
        dirnames[:] = [
            d
            for d in dirnames
            if not d.startswith(".")
            and d != "__MACOSX"
            and depth < MAX_FOLDER_DEPTH
            and not os.path.islink(os.path.join(dirpath, d))
        ]
        for fn in filenames:
            full = Path(dirpath) / fn
            name = (rel / fn).as_posix()
            if _IGNORED.search(name) or fn.startswith("."):
                continue
            try:
                info = os.lstat(full)
            except OSError:
                continue  # gone since the listing
            if stat.S_ISLNK(info.st_mode):
                links.append(name)  # not followed: an export holds its own files
                continue
            if not stat.S_ISREG(info.st_mode):
                special.append(f"{_one_line(name)}: {file_kind(info.st_mode)}")
                continue
            if len(members) >= MAX_FOLDER_FILES:
                raise NotAnExport(f"{label}: more than {MAX_FOLDER_FILES:,} files; choose the export itself")
            members[name] = (info.st_size, partial(open_regular, full, f"{label}/{name}"))
    skipped = _special_lines(special, ", not a regular file; left out")
    if links:
        skipped += _special_lines([_one_line(n) for n in links], ": a symbolic link, not followed; left out")
    if not members:
        raise NotAnExport(
            f"{label}: empty folder"
            if not skipped
            else f"{label}: no regular file in the folder; choose the export itself"
        )
    return Source(label, root, members, skipped=skipped)


def _special_lines(names: list[str], why: str) -> list[str]:
    """A line per file left out (``why`` follows its name), the first few; then a count."""
    lines = [f"{n}{why}" for n in names[:MAX_SKIPPED_LINES]]
    if len(names) > MAX_SKIPPED_LINES:
        lines.append(f"{len(names) - MAX_SKIPPED_LINES:,} more files like these{why}")
    return lines


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
        special: list[str] = []
        for info in infos:
            name = info.filename.replace("\\", "/")
            if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or ".." in name.split("/"):
                raise NotAnExport(f"{label}: refused, the zip holds an unsafe path ({_one_line(name)!r})")
            if info.flag_bits & 0x1:
                raise NotAnExport(f"{label}: password-protected: unzip it first, then choose the folder")
            if info.file_size > ZIP_RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise NotAnExport(
                    f"{label}: refused, {_one_line(name)} unpacks {info.file_size // max(info.compress_size, 1):,} "
                    f"times larger than it is packed (a zip bomb?)"
                )
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                raise NotAnExport(f"{label}: unpacks to more than {_mb(MAX_ZIP_TOTAL_BYTES)}; too big for an export")
            if _IGNORED.search(name):
                continue
            mode = info.external_attr >> 16
            if info.create_system == 3 and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
                # a Unix zip says what the entry was: a link (its target as text), a FIFO, a device
                special.append(f"{_one_line(name)}: {file_kind(mode)}")
                continue
            members[name] = (info.file_size, partial(zf.open, info))
        if not members:
            raise NotAnExport(f"{label}: empty zip")
    except BaseException:
        zf.close()
        raise
    return Source(
        label,
        path,
        members,
        closer=zf.close,
        skipped=_special_lines(special, ", not a regular file in the zip; left out"),
    )


# -- JSON in bounded memory ------------------------------------------------------------------------

CHUNK_BYTES = 64 * 1024  # decoded, a piece may briefly take 4 times this (one emoji in it)
_JSON_ESCAPE = "watchtracker-json-escape"
_SHARED_EMPTY: dict = {}  # never changed: the parsed data is only read


def _json_escape(exc: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: characters beyond Latin-1 as JSON's \\u escapes (surrogate pairs
    beyond the BMP), so that the text stays one byte per character."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start : exc.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), exc.end


codecs.register_error(_JSON_ESCAPE, _json_escape)


def json_text(chunks: Iterable[bytes], encoding: str, errors: str = "replace") -> str:
    """JSON text decoded piece by piece into a string of one byte per character: a character
    beyond Latin-1 (a curly quote, a dash, an emoji) is written as the \\u escape JSON reads
    back as that character. Python holds a string at the width of its widest character, so one
    emoji would otherwise make the whole text four bytes per character. Only for JSON: the
    escapes mean the characters inside JSON strings only."""
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    out = bytearray()
    for chunk in chunks:
        out += decoder.decode(chunk).encode("latin-1", _JSON_ESCAPE)
    out += decoder.decode(b"", True).encode("latin-1", _JSON_ESCAPE)
    return out.decode("latin-1")


def share_empty(obj: dict) -> dict:
    """A ``json.loads`` object hook: every empty object is one shared ``{}`` (never changed)."""
    return obj or _SHARED_EMPTY


def parse_json(content: str, what: str, max_entries: int) -> Any:
    """``content`` parsed, or NotAnExport with one line: empty, not JSON, cut off, damaged,
    nested too deeply, or more than ``max_entries`` objects and lists (counted before parsing:
    they are what parsing turns into the most memory)."""
    if not content or content.isspace():
        raise NotAnExport(f"{what}: empty file, not JSON")
    if content.count("{") + content.count("[") > max_entries:  # brackets in text count too: an upper bound
        raise NotAnExport(f"{what}: more than {max_entries:,} objects and lists, too many for an export")
    try:
        return json.loads(content, object_hook=share_empty)
    except json.JSONDecodeError as exc:
        first = re.match(r"\s*(.)", content, re.DOTALL)
        if exc.pos == 0 or first is None or first.group(1) not in ("[", "{"):
            raise NotAnExport(f"{what}: not JSON") from None
        end = text_end(content)
        if content[end - 1 : end] not in ("]", "}") or exc.pos >= end:
            raise NotAnExport(f"{what}: JSON cut off at the end (truncated download?)") from None
        raise NotAnExport(f"{what}: damaged JSON at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise NotAnExport(f"{what}: JSON nested too deeply") from None
    except ValueError:  # a number of thousands of digits
        raise NotAnExport(f"{what}: a number far too long; not an export") from None


def text_end(text: str) -> int:
    """The index after the last character that is not white space (no copy of the text)."""
    end = len(text)
    while end:
        start = max(end - 4096, 0)
        tail = text[start:end]
        if not tail.isspace():
            return start + len(tail.rstrip())
        end = start
    return 0


class _Capped(io.RawIOBase):
    """Counts what is read and stops at the limit, whatever a zip header claimed; and at the
    source's limit for all its files together (``MAX_READ_BYTES``)."""

    def __init__(self, raw: IO[bytes], limit: int, what: str, source: Source | None = None) -> None:
        self._raw = raw
        self._left = limit
        self._limit = limit
        self._what = what
        self._source = source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise NotAnExport(f"{self._what}: too big (more than {_mb(self._limit)})")
        self._left -= len(data)
        if self._source is not None:
            self._source.count_read(len(data))
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
