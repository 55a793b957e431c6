"""A link that works in the room: the address other laptops and phones use to reach this server, the case's
share link on it, and that link as a QR code (made here, by segno; no third-party service).

Which address (first that applies):

1. the setting ``VZW_PUBLIC_URL`` (e.g. ``http://192.168.1.23:8501`` or ``https://vzw.example.nl/app``);
2. Streamlit's own ``browser.serverAddress`` option when it is set to something other than localhost;
3. the machine's address on the local network when the server listens on all interfaces (Streamlit's
   default, or ``--server.address 0.0.0.0``), with the server's port and base path;
4. the address the server listens on, when it is a specific non-local one;
5. otherwise the address this browser used (then only this machine may be able to open it: ``reachable`` is
   False and the page says how to fix it).
"""

from __future__ import annotations

import io
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import segno

ALL_INTERFACES = {"", "0.0.0.0", "::", "[::]"}


@dataclass(frozen=True)
class PublicAddress:
    """``base``: scheme://host[:port][/base path] without a trailing slash; ``source``: setting, config, lan,
    listen or request; ``reachable``: False when the address only works on this machine; ``problem``: why the
    setting was not used (empty when it was fine or absent)."""

    base: str
    source: str
    reachable: bool
    problem: str = ""


def is_local(host: str | None) -> bool:
    """True for localhost and loopback addresses (127.x, ::1)."""
    host = (host or "").strip("[]").lower()
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, or None (no network).

    Connecting a UDP socket sends nothing: it only asks the operating system which interface would carry
    traffic to that (private, unused) address, whose own address we then read."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 1))
            ip = s.getsockname()[0]
    except OSError:
        return None
    return None if is_local(ip) or ip == "0.0.0.0" else ip


def _host_port(host: str, port: int | None, scheme: str) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6 literal
    default = {"http": 80, "https": 443}.get(scheme)
    return host if port in (None, default) else f"{host}:{port}"


def _path(base_path: str | None) -> str:
    p = (base_path or "").strip("/")
    return f"/{p}" if p else ""


def public_address(setting: str | None, server_address: str | None, port: int | None, base_path: str | None,
                   request_url: str | None, browser_address: str | None = None, browser_port: int | None = None,
                   lan: str | None = None) -> PublicAddress:
    """The address participants should use (see the module docstring for the order)."""
    scheme = urlsplit(request_url or "").scheme or "http"
    problem = ""
    if setting and setting.strip():
        s = urlsplit(setting.strip())
        if s.scheme in ("http", "https") and s.hostname:
            return PublicAddress(f"{s.scheme}://{s.netloc}{s.path.rstrip('/')}", "setting",
                                 not is_local(s.hostname))
        problem = f"VZW_PUBLIC_URL={setting.strip()!r} is not an http(s) address"
    if browser_address and not is_local(browser_address):
        return PublicAddress(f"{scheme}://{_host_port(browser_address, browser_port or port, scheme)}"
                             f"{_path(base_path)}", "config", True, problem)
    listen = (server_address or "").strip()
    if listen in ALL_INTERFACES and lan:
        return PublicAddress(f"{scheme}://{_host_port(lan, port, scheme)}{_path(base_path)}", "lan", True, problem)
    if listen not in ALL_INTERFACES and not is_local(listen):
        return PublicAddress(f"{scheme}://{_host_port(listen, port, scheme)}{_path(base_path)}", "listen", True,
                             problem)
    r = urlsplit(request_url or "")
    host = r.netloc or _host_port("localhost", port, scheme)
    return PublicAddress(f"{scheme}://{host}{_path(base_path)}", "request", not is_local(r.hostname), problem)


def share_url(base: str, page_path: str, case_id: str) -> str:
    """The link to the case's page on ``base``: ``<base>/<page_path>?case=<id>``."""
    return f"{base.rstrip('/')}/{page_path.strip('/')}?{urlencode({'case': case_id})}"


def qr_png(text: str, scale: int = 6) -> bytes:
    """``text`` as a QR code (PNG bytes, error correction M, quiet zone of 2 modules)."""
    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()
