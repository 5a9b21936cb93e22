"""The settings a build would refuse, found before it starts.

``make check`` and ``scripts/build.py`` both call :func:`config_problems`,
so a missing theme, an unknown plugin or a misspelt plugin setting gives the
same message, at ``settings-file:line``, whichever runs first. A plugin
whose settings can be wrong exports ``validate_settings(settings)``, which
raises ``ValueError`` with a Vietnamese message naming the setting.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import re
from collections.abc import Mapping
from pathlib import Path

from plugins.options import plugin_options

from .problems import Problem, error

_SETTING_NAME = re.compile(r"^([A-Z][A-Z0-9_]*)")


def setting_line(settings_file: Path, name: str) -> int:
    """The line of the last ``NAME = …`` in the settings file (1 if none:
    the value comes from an imported file or a default)."""
    try:
        lines = Path(settings_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    pattern = re.compile(rf"^{re.escape(name)}\s*(?::[^=]*)?=")
    found = [number for number, line in enumerate(lines, 1) if pattern.match(line)]
    return found[-1] if found else 1


def load_settings(
    settings_file: Path | str, override: Mapping | None = None
) -> tuple[dict | None, list[Problem]]:
    """Pelican's settings from ``settings_file`` (as the build reads them),
    or ``None`` and the problem, at its file and line, that stops it."""
    from pelican.settings import read_settings

    settings_file = Path(settings_file)
    try:
        return read_settings(str(settings_file), override=dict(override or {})), []
    except SyntaxError as problem:
        where = problem.filename or str(settings_file)
        return None, [
            error(
                where,
                problem.lineno or 1,
                "settings-syntax",
                f"tệp cấu hình lỗi cú pháp: {Path(where).name}, dòng {problem.lineno}: {problem.msg}",
            )
        ]
    except ValueError as problem:
        text = str(problem)
        if text.startswith("Could not find the theme"):  # Pelican's message
            theme = text.rsplit(" ", 1)[-1]
            return None, [
                error(
                    str(settings_file),
                    setting_line(settings_file, "THEME"),
                    "theme-missing",
                    f"không tìm thấy giao diện (THEME): {theme}",
                )
            ]
        raise


_TOML_LINE = re.compile(r"at line (\d+)")


def data_problems(data_dir: Path | str) -> list[Problem]:
    """The reference data (``PORTAL_DATA_DIR``) the build could not load, at
    ``file:line`` (the line of a TOML error; 1 for a missing file)."""
    from plugins.reference import load_reference_data

    try:
        load_reference_data(data_dir)
    except ValueError as problem:
        cause = problem.__cause__
        if isinstance(cause, FileNotFoundError):
            return [
                error(
                    str(cause.filename),
                    1,
                    "data-missing",
                    f"không tìm thấy tệp dữ liệu '{cause.filename}' — kiểm tra PORTAL_DATA_DIR",
                )
            ]
        problems = []
        for text in str(problem).splitlines():
            path, _, message = text.partition(": ")
            line = _TOML_LINE.search(message)
            problems.append(
                error(path, int(line.group(1)) if line else 1, "data-invalid", message or text)
            )
        return problems
    return []


# The footer's legal notice (pelicanconf.py PUBLISHER, partials/footer.html):
# the keys it knows, each optional, each a line of text.
PUBLISHER_KEYS = ("governing_body", "licence", "responsible", "address", "phone", "email")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def publisher_problems(value: object) -> list[str]:
    """What is wrong with a ``PUBLISHER`` setting (Vietnamese messages naming it).

    Absent (``None``) is fine: the footer has no legal notice. A missing or
    empty key is fine too: the footer leaves that line out. A misspelt key
    or a value that is not text would silently vanish from the footer, so
    both are errors.
    """
    if value is None:
        return []
    if not isinstance(value, Mapping):
        return [
            "PUBLISHER phải là một dict, ví dụ {'governing_body': '…', 'email': '…'},"
            f" không phải {type(value).__name__}"
        ]
    problems = []
    try:
        plugin_options({"PUBLISHER": value}, "PUBLISHER", dict.fromkeys(PUBLISHER_KEYS))
    except ValueError as problem:
        problems.append(str(problem))
    for key in PUBLISHER_KEYS:
        text = value.get(key)
        if text is None:
            continue
        if not isinstance(text, str):
            problems.append(f"PUBLISHER['{key}'] phải là chuỗi chữ, không phải {text!r}")
        elif key == "email" and text.strip() and not _EMAIL.match(text.strip()):
            problems.append(f"PUBLISHER['email'] không phải địa chỉ email: {text!r}")
    return problems


def config_problems(settings_file: Path | str, settings: Mapping) -> list[Problem]:
    """Every problem of the settings the build would stop on."""
    settings_file = Path(settings_file)
    shown = str(settings_file)
    problems: list[Problem] = list(data_problems(settings.get("PORTAL_DATA_DIR") or "data"))

    def report(name: str, code: str, message: str) -> None:
        problems.append(error(shown, setting_line(settings_file, name), code, message))

    theme = settings.get("THEME")
    if isinstance(theme, str) and theme:
        folder = Path(theme)
        if not folder.is_dir() or not (folder / "templates").is_dir():
            report("THEME", "theme-missing", f"không tìm thấy giao diện (THEME): {theme}")
    for message in publisher_problems(settings.get("PUBLISHER")):
        report("PUBLISHER", "bad-setting", message)
    runs = _edition_runs(settings)
    for name in settings.get("PLUGINS") or ():
        if not isinstance(name, str):
            continue
        try:
            found = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            found = None
        if found is None:
            report(
                "PLUGINS",
                "unknown-plugin",
                f"không tải được plugin '{name}' (PLUGINS) — kiểm tra tên hoặc bỏ khỏi danh sách",
            )
            continue
        try:
            module = importlib.import_module(name)
        except Exception as problem:  # noqa: BLE001 — any failure is the plugin's
            report("PLUGINS", "broken-plugin", f"plugin '{name}' lỗi khi tải: {problem}")
            continue
        validate = getattr(module, "validate_settings", None)
        if validate is None:
            continue
        said: set[str] = set()
        for lang, chosen in runs:
            try:
                validate(chosen)
            except ValueError as problem:
                message = str(problem)
                if message in said:  # the main setting's fault, seen again in an edition
                    continue
                said.add(message)
                if lang:  # EDITIONS[lang] overrides it: the build's run of that edition stops
                    report("EDITIONS", "bad-setting", f"ấn bản '{lang}' (EDITIONS): {message}")
                else:
                    key = _SETTING_NAME.match(message)
                    report(key.group(1) if key else "PLUGINS", "bad-setting", message)
    return problems


def _edition_runs(settings: Mapping) -> list[tuple[str, Mapping]]:
    """``("", settings)`` and ``(lang, settings of that edition's run)`` for
    each other edition (plugins/editions): each run is validated, as the
    build runs each. A broken ``EDITIONS`` is the editions plugin's to report."""
    from plugins.editions.model import edition_languages, edition_settings

    runs: list[tuple[str, Mapping]] = [("", settings)]
    with contextlib.suppress(ValueError, TypeError, AttributeError):
        runs += [
            (lang, edition_settings(settings, lang)) for lang in edition_languages(settings)[1:]
        ]
    return runs
