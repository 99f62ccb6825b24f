"""Reading a creditor's ZIP without trusting it.

The limits are checked twice: from the archive's directory before anything is unpacked (so a zip
bomb is refused before it costs anything), and again while each file is unpacked, because the
directory is written by whoever made the archive and can lie about sizes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from typing import BinaryIO

from app.domain.evidence import MAX_BYTES, display_name, size_label, too_large
from app.domain.file_types import Refused

MAX_ENTRIES = 1000
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024  # 1,000 entries with long names and extras fit many times over
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # everything unpacked together
MAX_RATIO = 100  # unpacked : packed. Documents stay far below it (PDFs and images hardly shrink)
RATIO_FROM_BYTES = 1024 * 1024  # tiny files may shrink a lot without harm; large ones may not
JUNK = {"thumbs.db", "desktop.ini"}  # what file managers leave in folders


class ArchiveRefused(Exception):
    """The archive as a whole is refused; nothing more is read from it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CheckedZip:
    """A ZIP whose directory passed the limits; ``read`` unpacks one file within them."""

    def __init__(self, fileobj: BinaryIO, name: str):
        self.name = name
        entries, directory_bytes = _directory_size(fileobj, name)
        if entries > MAX_ENTRIES:
            raise ArchiveRefused(f"{name} holds {entries:,} files; the limit is {MAX_ENTRIES:,}. Split it.")
        if directory_bytes > MAX_DIRECTORY_BYTES:
            raise ArchiveRefused(
                f"{name} has a directory of {size_label(directory_bytes)}, which no real archive has."
            )
        try:
            self._zip = zipfile.ZipFile(fileobj)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
            raise ArchiveRefused(f"{name} is not a ZIP archive, or it is damaged.") from exc
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ArchiveRefused(
                f"{name} holds {len(infos):,} files; the limit is {MAX_ENTRIES:,}. Split it."
            )
        packed = sum(i.compress_size for i in infos)
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_TOTAL_BYTES or unpacked > MAX_RATIO * max(packed, RATIO_FROM_BYTES):
            raise ArchiveRefused(
                f"{name} would unpack to {size_label(unpacked)} from {size_label(packed)}: "
                "it looks like a zip bomb, so nothing in it was kept."
            )
        self.files = [i for i in infos if not _skipped(i)]
        self.skipped = [entry_path(i) for i in infos if _skipped(i) and not i.is_dir()]
        self.unpacked = 0

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """One file's bytes; Refused (naming the file) when it breaks a limit or cannot be read."""
        name = display_name(entry_path(info)) or entry_path(info)
        if info.flag_bits & 0x1:
            raise Refused(f"{name} is protected by a password, so it cannot be checked; it was not kept.")
        if info.file_size > MAX_BYTES:
            raise Refused(too_large(name, info.file_size))
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise Refused(f"{name} is packed {ratio:,} to 1, as only a zip bomb is; it was not kept.")
        try:
            with self._zip.open(info) as stream:
                # Never more than the limit, whatever the directory says; a size that lied fails the CRC.
                data = stream.read(MAX_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, EOFError, zlib.error, OSError) as exc:
            raise Refused(
                f"{name} is damaged or packed in a way the portal cannot read; it was not kept."
            ) from exc
        if len(data) > MAX_BYTES:
            raise Refused(too_large(name, len(data)))
        self.unpacked += len(data)
        if self.unpacked > MAX_TOTAL_BYTES:
            raise ArchiveRefused(
                f"{self.name} unpacks to more than {size_label(MAX_TOTAL_BYTES)}; the rest was not read."
            )
        return data


def entry_path(info: zipfile.ZipInfo) -> str:
    """The entry's path as its maker wrote it. ZIP names without the UTF-8 flag are officially
    CP437, but most tools write UTF-8 anyway: read them as UTF-8 when they are valid UTF-8."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _skipped(info: zipfile.ZipInfo) -> bool:
    """Folders, macOS resource forks (__MACOSX/, ._name), hidden files and file managers' leftovers."""
    parts = entry_path(info).replace("\\", "/").split("/")
    return info.is_dir() or "__MACOSX" in parts or parts[-1].startswith(".") or parts[-1].lower() in JUNK


def _directory_size(fileobj: BinaryIO, name: str) -> tuple[int, int]:
    """(entries, directory bytes) from the end-of-central-directory record, without parsing the rest."""
    fileobj.seek(0, 2)
    end = fileobj.tell()
    tail_size = min(end, 22 + 65535)  # the record plus the longest comment
    fileobj.seek(end - tail_size)
    tail = fileobj.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise ArchiveRefused(f"{name} is not a ZIP archive, or it is damaged.")
    entries, directory_bytes = struct.unpack("<HI", tail[at + 10 : at + 16])
    if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
        # ZIP64: the real numbers are in the ZIP64 end record, found through its locator.
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator < 0:
            raise ArchiveRefused(f"{name} is not a ZIP archive, or it is damaged.")
        (record_at,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        fileobj.seek(record_at)
        record = fileobj.read(56)
        if record[:4] != b"PK\x06\x06" or len(record) < 56:
            raise ArchiveRefused(f"{name} is not a ZIP archive, or it is damaged.")
        entries, directory_bytes = struct.unpack("<QQ", record[32:48])
    fileobj.seek(0)
    return entries, directory_bytes
