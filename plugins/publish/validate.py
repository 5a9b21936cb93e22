"""HTML validation with the Nu Html Checker (vnu.jar from npm, run by Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class HtmlError:
    file: str
    line: int
    message: str


def validator_available(jar: Path = VNU_JAR) -> bool:
    return jar.exists() and shutil.which("java") is not None


def validate_html(files: list[Path], jar: Path = VNU_JAR) -> list[HtmlError]:
    """Errors (not warnings) the Nu checker finds in ``files``."""
    if not files:
        return []
    command = [
        "java",
        "-Xss4m",
        "-jar",
        str(jar),
        "--errors-only",
        "--format",
        "json",
        "--exit-zero-always",
    ]
    result = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, check=False
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = []
    for message in report.get("messages", []):
        if message.get("type") == "error" or message.get("subType") == "fatal":
            path = message.get("url", "").removeprefix("file:")
            errors.append(
                HtmlError(path, int(message.get("lastLine", 0)), message.get("message", ""))
            )
    return errors
