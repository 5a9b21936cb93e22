"""A fake page-writing generator for the plugins.parallel tests, run as a script.

``python -m tests.build_speed_fake OUT WORKERS MODE`` renders 60 pages with
``render_in_parallel`` in a fresh single-threaded process (pytest-xdist
workers run threads, in which the plugin stays serial on purpose). Each page
records which process rendered it in ``OUT/pids/``; MODE ``fail`` makes
every child fail, ``warn`` makes every process log one warning per page it
renders, ``same`` makes every page log the same warning (Pelican's logger
logs a message once and drops the repeats). Prints a JSON line: processes used, warnings logged in the parent,
or the error.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

from plugins.parallel import ParallelRenderError, ParallelWriter, render_in_parallel

PAGES = 60


class Template:
    def __init__(self, out: Path, mode: str, parent: int) -> None:
        self.out, self.mode, self.parent = out, mode, parent

    def render(self, context: dict) -> str:
        name = context["output_file"]
        if self.mode == "fail" and os.getpid() != self.parent:
            raise ValueError("lỗi giả trong tiến trình con")
        if self.mode == "warn":
            logging.getLogger("fake").warning("cảnh báo %s", name)
        if self.mode == "same":  # one message in every process (Pelican drops repeats)
            logging.getLogger("fake").warning("cảnh báo chung của mọi trang")
        marker = self.out / "pids" / name.replace("/", "_")
        with open(marker, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")
        return f"<p>{context['title']}</p>\n"


def main(out: Path, workers: int, mode: str) -> int:
    (out / "pids").mkdir(parents=True, exist_ok=True)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    logging.getLogger().addHandler(Keep(level=logging.WARNING))
    writer = ParallelWriter(str(out / "site"), settings={"PAGINATED_TEMPLATES": {}})
    template = Template(out, mode, os.getpid())

    def generate_output(target) -> None:
        for number in range(PAGES):
            target.write_file(
                f"trang-{number}/index.html", template, {"SITEURL": ""}, title=f"Trang {number}"
            )

    try:
        used = render_in_parallel(generate_output, workers, writer)
    except ParallelRenderError as problem:
        print(json.dumps({"error": str(problem)}, ensure_ascii=False))
        return 1
    print(json.dumps({"processes": used, "warnings": records}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
