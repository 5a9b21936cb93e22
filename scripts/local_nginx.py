"""Serve a built site with Debian's nginx and the snippet the build wrote.

``nginx-redirects.map`` goes in ``http { }`` and ``nginx-server.conf`` in
``server { }``, exactly as docs/deploy.md tells an administrator, on
127.0.0.1 at a given port, with every path nginx writes in a private
folder. Shared by tests/test_nginx.py and ``make audit`` (scripts/audit.py),
so both look at the site the way it is deployed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MIME_TYPES = Path("/etc/nginx/mime.types")


def find_nginx() -> str | None:
    """nginx on PATH or in Debian's /usr/sbin; None when it is not installed."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_conf(folder: Path, output: Path, port: int) -> str:
    """A whole nginx.conf serving ``output`` on 127.0.0.1:``port``."""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Run as root, nginx would start its workers as nobody, who cannot read
    # private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 256; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {folder / "access.log"};
{temp}
    include {output / "nginx-redirects.map"};
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {output};
        include {output / "nginx-server.conf"};
    }}
}}
"""


@dataclass(frozen=True)
class Running:
    port: int
    checked: subprocess.CompletedProcess  # `nginx -t` on the configuration

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serve(output: Path, folder: Path, port: int | None = None) -> Iterator[Running]:
    """Run nginx on ``output`` until the block ends (``folder``: its files)."""
    nginx = find_nginx()
    if nginx is None or not MIME_TYPES.is_file():
        raise RuntimeError(
            "cần nginx và /etc/nginx/mime.types (make webserver cài nginx của Debian)"
        )
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, output, port), encoding="utf-8")
    command = [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=60)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"nginx did not start: {process.stderr.read().decode()}"
                    ) from None
                time.sleep(0.05)
        yield Running(port, checked)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
