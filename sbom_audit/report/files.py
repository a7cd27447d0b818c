"""Reports appear whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sbom_audit.errors import ReportError


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; renamed onto it only if the block succeeds."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the report here: {exc.strerror}") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as exc:
        raise ReportError(f"{target}: cannot write the report: {exc.strerror}") from exc
    finally:
        temporary.unlink(missing_ok=True)
