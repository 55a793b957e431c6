"""How exposed the running app is, and what that means for logging in (a pure decision; the shell reads the
server's address and whether a login is configured).

* ``local``: the server listens on a loopback address only (localhost, 127.0.0.0/8, ::1) and no login is configured:
  the single user on this computer is ``beheerder``, with the free-text name of today.
* ``login``: a login is configured (OIDC through ``st.login`` in .streamlit/secrets.toml [auth], or a local
  accounts file with users or a room code): everyone logs in, wherever the server listens; the role comes from the
  account (OIDC users: [oidc_roles] in the accounts file, default lezer).
* ``read_only``: the server listens on another address (all interfaces, a LAN or public address, a host name)
  and no login is configured: everyone is ``lezer``, and a banner says how to configure a login. Never silently
  open.

.streamlit/config.toml sets ``server.address = "localhost"``, so a plain ``streamlit run app.py`` is ``local``;
``--server.address 0.0.0.0`` (a room on the LAN, a server behind a proxy) needs a login to allow changes.
"""

from __future__ import annotations

import importlib.util
import ipaddress
from dataclasses import dataclass

from lib.access.roles import BEHEERDER, LEZER

LOCAL, LOGIN, READ_ONLY = "local", "login", "read_only"


@dataclass(frozen=True)
class Exposure:
    mode: str            # local | login | read_only
    address: str         # the listening address as configured ("" = all interfaces)
    loopback: bool       # only this computer can reach the server
    fixed_role: str | None  # the role of everyone without logging in (local: beheerder, read_only: lezer)


def is_loopback(address: str | None) -> bool:
    """Whether ``address`` (Streamlit's server.address) listens on this computer only. None or "" means all
    interfaces (Streamlit's default), so not loopback; a host name other than localhost is not trusted to be."""
    host = (address or "").strip().strip("[]").lower()
    if not host:
        return False
    if host in ("localhost", "localhost.", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def decide(address: str | None, oidc: bool, accounts: bool) -> Exposure:
    """The exposure mode for a server listening on ``address``, with an OIDC login (``oidc``) and/or local
    accounts or a room code (``accounts``) configured."""
    loopback = is_loopback(address)
    shown = (address or "").strip()
    if oidc or accounts:
        return Exposure(LOGIN, shown, loopback, None)
    if loopback:
        return Exposure(LOCAL, shown, loopback, BEHEERDER)
    return Exposure(READ_ONLY, shown, loopback, LEZER)


def authlib_installed() -> bool:
    """Whether Authlib, which st.login needs for OIDC, is installed (Streamlit asks for 1.3.2 or later)."""
    return importlib.util.find_spec("authlib") is not None
