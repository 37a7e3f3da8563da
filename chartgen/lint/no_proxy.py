"""Which ``NO_PROXY`` entry, if any, makes a Go HTTP client (client-go, the operator) reach a host directly.

Go's rules (``golang.org/x/net/http/httpproxy``, used by ``net/http.ProxyFromEnvironment``): entries are split on
commas, trimmed and lowercased, and empty ones skipped; ``*`` matches everything; an IP network in CIDR form
matches the IP addresses inside it; an IP address (optionally ``ip:port`` or ``[ipv6]:port``) matches that
address; any other entry is a domain name, optionally with ``:port``, that matches the name and its subdomains,
or only its subdomains when written with a leading ``.`` (``*.`` counts as ``.``). An entry's port, when given,
must equal the request's (the scheme's default when the URL gives none). Not reproduced: IDNA conversion of
non-ASCII names, which are compared as written.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["bypassing_entry", "server_address"]

_DEFAULT_PORTS = {"https": "443", "http": "80"}


def server_address(server: str) -> tuple[str, str] | None:
    """(host, port) a client connects to for a kubeconfig ``server`` (client-go assumes https without a scheme)."""
    url = server if "://" in server else "https://" + server
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), str(port) if port is not None else _DEFAULT_PORTS.get(parts.scheme.lower(), "")


def bypassing_entry(no_proxy: str, host: str, port: str) -> str | None:
    """The first entry of ``no_proxy`` that sends a request for ``host:port`` around the proxy, or None."""
    ip = _ip(host)
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return raw.strip()
        if "/" in entry:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                network = None
            if network is not None:
                if ip is not None and ip.version == network.version and ip in network:
                    return raw.strip()
                continue
        split = _split_host_port(entry)
        name, entry_port = split if split is not None else (entry, "")
        if not name:
            continue
        if entry_port and entry_port != port:
            continue
        entry_ip = _ip(name)
        if entry_ip is not None:
            if ip is not None and entry_ip == ip:
                return raw.strip()
            continue
        domain = name[1:] if name.startswith("*.") else name
        exact = not domain.startswith(".")
        suffix = domain if domain.startswith(".") else "." + domain
        if host.endswith(suffix) or (exact and host == suffix[1:]):
            return raw.strip()
    return None


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _split_host_port(text: str) -> tuple[str, str] | None:
    """Go's ``net.SplitHostPort``: None when the text is not ``host:port`` or ``[host]:port``."""
    if text.startswith("["):
        end = text.find("]")
        if end < 0 or text[end + 1 : end + 2] != ":" or "[" in text[1:end]:
            return None
        return text[1:end], text[end + 2 :]
    if text.count(":") != 1:
        return None
    host, port = text.split(":")
    return host, port
