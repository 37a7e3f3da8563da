"""Keeping credentials out of error lines.

The kubeconfig readers remember every credential they read (tokens, passwords, key and certificate data), and the
CLI edge replaces each of them in any line it prints. A line about a bug in chartgen (an exception nobody worded)
is also cleaned of anything that merely looks like a credential, since its text was never written for a user.
"""

from __future__ import annotations

import re

__all__ = ["REDACTED", "redact", "redact_url_credentials", "remember"]

REDACTED = "<redacted>"
# Shorter values are not worth hiding and would blank out ordinary words ("true", a namespace).
_SHORTEST = 12

_remembered: set[str] = set()

_PEM = re.compile(r"-----BEGIN [A-Z0-9 ]+-----.*?(?:-----END [A-Z0-9 ]+-----|$)", re.S)
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){0,2}")
# A long run of token characters holding upper case, lower case and digits: base64 data, a bearer token.
_TOKEN_LIKE = re.compile(r"[A-Za-z0-9+/_=.:-]{24,}")
# The user name and password of a URL (a proxy's, a refused value echoed back): up to the authority's last "@",
# where Go's URL parser ends them too. Bounded runs keep a long line linear.
_URL_USERINFO = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.-]{0,31}://)[^\s/?#'\"]{0,1024}@")


def remember(*values: object) -> None:
    """Treat each string in ``values`` as a secret from now on (for the rest of this process)."""
    for value in values:
        if isinstance(value, str) and len(value.strip()) >= _SHORTEST:
            _remembered.add(value.strip())


def redact(text: str, *, patterns: bool = False) -> str:
    """``text`` with every remembered secret and every URL's user name and password replaced; with
    ``patterns``, also PEM blocks, JWTs and other token-looking runs."""
    for secret in sorted(_remembered, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    text = redact_url_credentials(text)
    if patterns:
        text = _PEM.sub(REDACTED, text)
        text = _JWT.sub(REDACTED, text)
        text = _TOKEN_LIKE.sub(_if_token_like, text)
    return text


def redact_url_credentials(text: str) -> str:
    """``text`` with the user name and password of every URL in it replaced. Findings are worded without the
    secrets they are about, but may quote a refused value, and a URL may carry its credentials."""
    return _URL_USERINFO.sub(rf"\1{REDACTED}@", text)


def _if_token_like(match: re.Match[str]) -> str:
    run = match.group(0)
    mixed = any(c.isupper() for c in run) and any(c.islower() for c in run) and any(c.isdigit() for c in run)
    return REDACTED if mixed else run
