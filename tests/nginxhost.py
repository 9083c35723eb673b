"""nginx (Debian's package) run unprivileged for one test module: a temporary
config on a free loopback port, in the foreground, with its pid, logs and
temporary files in a scratch folder. The config is what a host of a gloss
site needs: the stock MIME types plus Atom feeds and JSON-LD, and the site's
own 404 page."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CONFIG = """\
{user}worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/css text/xml application/javascript application/json application/atom+xml
                  application/ld+json image/svg+xml text/plain;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        error_page 404 {base}404.html;
        location {base} {{ }}
        location ~ /feed\\.xml$ {{ types {{ application/atom+xml xml; }} }}
        location ~ \\.jsonld$ {{ types {{ application/ld+json jsonld; }} }}
    }}
}}
"""


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert found, "the real-host test needs nginx: apt-get install nginx"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"nginx stopped: {log.read_text() if log.exists() else ''}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx did not listen on {port}")


@contextmanager
def nginx(root: Path, base: str, port: int, tmp: Path) -> Iterator[str]:
    """Serve ``root`` (holding the site at ``base``) on ``port``; yields the origin."""
    tmp.mkdir(parents=True, exist_ok=True)
    # As root (a CI container), workers would drop to "nobody" and lose the test's private
    # folders: keep them as this user. As anyone else nginx ignores the directive.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(CONFIG.format(user=user, tmp=tmp, port=port, root=root, base=base), encoding="utf-8")
    proc = subprocess.Popen(
        [nginx_binary(), "-e", str(tmp / "error.log"), "-p", str(tmp), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(port, proc, tmp / "error.log")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
