"""Reads a GGUF file's metadata header, never its tensors.

The value types, magic number and format version come from the ``gguf`` package
(llama.cpp's own ``gguf.constants``: ``GGUFValueType``, ``GGUF_MAGIC``, ``GGUF_VERSION``).
That module is loaded on its own, without the package's ``__init__``: ``import gguf``
imports numpy (about 320 ms here, and 73 MB that the app would have to carry past its
150 MB limit), and the constants are plain Python. Its ``GGUFReader`` is not used:
it parses every tokenizer string into numpy arrays, which takes seconds on a real Llama 3
header (128,256 tokens and 280,000 merges). This reader streams the header once, keeps the scalar values and
small string arrays, and skips the bodies of large arrays. The tensor data after the
header is never read, so an 8 GB file costs the same as a small one.
"""

from __future__ import annotations

import importlib.util
import struct
import sys
from pathlib import Path
from types import ModuleType
from typing import IO, Any

CHUNK = 1 << 20
KEEP_ARRAY_ITEMS = 256  # arrays longer than this (tokenizer vocabularies) are skipped
MAX_KV = 1_000_000
MAX_STRING = 1 << 24
_U64 = struct.Struct("<Q")
_CONSTANTS = "_llama_advisor_gguf_constants"


def gguf_constants() -> ModuleType:
    """llama.cpp's ``gguf.constants``, loaded without the package's ``__init__`` (which imports
    numpy). If the package is already imported, that copy is used."""
    loaded = sys.modules.get("gguf.constants") or sys.modules.get(_CONSTANTS)
    if loaded is not None:
        return loaded
    package = importlib.util.find_spec("gguf")
    if package is not None and package.submodule_search_locations:
        location = Path(next(iter(package.submodule_search_locations))) / "constants.py"
    else:  # the packaged app ships the module as a file (packaging/llama-advisor.spec)
        location = Path(getattr(sys, "_MEIPASS", "")) / "gguf" / "constants.py"
    if not location.is_file():
        raise GGUFError("the gguf package is not installed")
    spec = importlib.util.spec_from_file_location(_CONSTANTS, location)
    if spec is None or spec.loader is None:
        raise GGUFError("the gguf package has no constants module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[_CONSTANTS] = module
    spec.loader.exec_module(module)
    return module


class GGUFError(Exception):
    """The file is not a readable GGUF file; the text says why in one line."""


class _Stream:
    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.buffer = b""
        self.position = 0

    def take(self, size: int) -> bytes:
        if self.position + size > len(self.buffer):
            rest = self.buffer[self.position :]
            more = self.handle.read(max(CHUNK, size - len(rest)))
            self.buffer, self.position = rest + more, 0
            if size > len(self.buffer):
                raise GGUFError("the metadata header ends early (truncated or not a GGUF file)")
        start = self.position
        self.position += size
        return self.buffer[start : self.position]

    def skip(self, size: int) -> None:
        available = len(self.buffer) - self.position
        if size <= available:
            self.position += size
            return
        self.handle.seek(size - available, 1) if self.handle.seekable() else self._drain(size - available)
        self.buffer, self.position = b"", 0

    def skip_strings(self, count: int) -> None:
        """Skip `count` length-prefixed strings (the hot loop of a tokenizer vocabulary)."""
        length = _U64.unpack_from
        while count:
            buffer, position, end = self.buffer, self.position, len(self.buffer) - 8
            while count and position <= end:
                following = position + 8 + length(buffer, position)[0]
                if following > len(buffer):
                    break
                position, count = following, count - 1
            self.position = position
            if count:
                (size,) = struct.unpack("<Q", self.take(8))
                if size > MAX_STRING:
                    raise GGUFError(f"a metadata string claims {size} bytes")
                self.skip(size)
                count -= 1

    def _drain(self, size: int) -> None:
        while size > 0:
            got = self.handle.read(min(CHUNK, size))
            if not got:
                raise GGUFError("the metadata header ends early (truncated or not a GGUF file)")
            size -= len(got)


def read_metadata(handle: IO[bytes]) -> dict[str, Any]:
    """The header's key/value pairs; large arrays come back as ``{"skipped_items": n}``."""
    constants = gguf_constants()
    kinds = constants.GGUFValueType
    supported = (2, constants.GGUF_VERSION)  # the versions gguf's own reader accepts

    stream = _Stream(handle)
    magic, version = struct.unpack("<II", stream.take(8))
    if magic != constants.GGUF_MAGIC:
        raise GGUFError("not a GGUF file (wrong magic number)")
    if version not in supported:
        raise GGUFError(f"GGUF version {version} is not supported")
    _tensors, kv_count = struct.unpack("<QQ", stream.take(16))
    if kv_count > MAX_KV:
        raise GGUFError(f"the header claims {kv_count} metadata entries")
    scalars = {
        kinds.UINT8: "<B",
        kinds.INT8: "<b",
        kinds.UINT16: "<H",
        kinds.INT16: "<h",
        kinds.UINT32: "<I",
        kinds.INT32: "<i",
        kinds.FLOAT32: "<f",
        kinds.BOOL: "<?",
        kinds.UINT64: "<Q",
        kinds.INT64: "<q",
        kinds.FLOAT64: "<d",
    }
    formats = {int(kind): struct.Struct(fmt) for kind, fmt in scalars.items()}
    string_type, array_type = int(kinds.STRING), int(kinds.ARRAY)

    def text() -> str:
        (size,) = struct.unpack("<Q", stream.take(8))
        if size > MAX_STRING:
            raise GGUFError(f"a metadata string claims {size} bytes")
        return stream.take(size).decode("utf-8", errors="replace")

    def value(kind: int) -> Any:
        if kind == string_type:
            return text()
        if kind in formats:
            fmt = formats[kind]
            return fmt.unpack(stream.take(fmt.size))[0]
        if kind == array_type:
            item_kind, count = struct.unpack("<IQ", stream.take(12))
            if item_kind == array_type:  # no metadata key read here nests arrays; a crafted file could, deeply
                raise GGUFError("an array of arrays in the metadata")
            if count <= KEEP_ARRAY_ITEMS:
                return [value(item_kind) for _ in range(count)]
            if item_kind == string_type:
                stream.skip_strings(count)
            elif item_kind in formats:
                stream.skip(formats[item_kind].size * count)
            else:
                raise GGUFError(f"unsupported array item type {item_kind}")
            return {"skipped_items": count}
        raise GGUFError(f"unknown metadata value type {kind}")

    fields: dict[str, Any] = {}
    for _ in range(kv_count):
        key = text()
        (kind,) = struct.unpack("<I", stream.take(4))
        fields[key] = value(kind)
    return fields


def read_gguf_file(path: str) -> dict[str, Any]:
    """Metadata of a GGUF file on disk; GGUFError (one line) when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return read_metadata(handle)
    except OSError as exc:
        raise GGUFError(exc.strerror or str(exc)) from None
    except (struct.error, UnicodeDecodeError) as exc:
        raise GGUFError(f"corrupt metadata header ({exc})") from None
