"""HTML validation with the Nu Html Checker (vnu.jar from npm, run by Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from plugins.buildkit.fork import die_with_parent

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class ValidatorFailed(RuntimeError):
    """The checker did not finish (killed, out of memory, a broken jar): the
    pages were not checked, so nothing may be published."""


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
        [*command, *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=die_with_parent,  # a killed build leaves no checker running
    )
    report = _report(result.stderr) or _report(result.stdout)
    # With --exit-zero-always, any other exit status is the checker's own failure.
    if result.returncode != 0 or report is None:
        said = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise ValidatorFailed(
            "trình kiểm tra HTML (java -jar vnu.jar) không chạy xong"
            f" (mã thoát {result.returncode}): " + (" / ".join(said) or "không in gì")
        )
    errors = []
    for message in report.get("messages", []):
        if message.get("type") == "error" or message.get("subType") == "fatal":
            path = message.get("url", "").removeprefix("file:")
            errors.append(
                HtmlError(path, int(message.get("lastLine", 0)), message.get("message", ""))
            )
    return errors


def _report(text: str) -> dict | None:
    """The checker's JSON report in ``text`` (after any line Java printed
    first, such as "Picked up JAVA_TOOL_OPTIONS"); None if there is none."""
    start = text.find("{")
    if start < 0:
        return None
    try:
        report = json.loads(text[start:])
    except json.JSONDecodeError:
        return None
    return report if isinstance(report, dict) and "messages" in report else None
