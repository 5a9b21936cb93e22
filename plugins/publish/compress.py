"""Precompressed copies (.gz, .br) for hosts that serve them, byte-reproducible."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import brotli

COMPRESSIBLE = {
    ".html",
    ".csv",
    ".css",
    ".js",
    ".xml",
    ".json",
    ".txt",
    ".svg",
    ".rss",
    ".atom",
    ".opml",
    ".map",
    ".webmanifest",
}
MIN_SIZE = 256


def gzip_bytes(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as handle:
        handle.write(data)
    return buffer.getvalue()


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, quality=11)


def precompress(folder: Path) -> int:
    """Write ``x.gz`` and ``x.br`` beside every compressible file; returns files done."""
    done = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        data = path.read_bytes()
        if len(data) < MIN_SIZE:
            continue
        path.with_name(path.name + ".gz").write_bytes(gzip_bytes(data))
        path.with_name(path.name + ".br").write_bytes(brotli_bytes(data))
        done += 1
    return done
