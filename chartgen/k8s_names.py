r"""Kubernetes' object-name formats (``k8s.io/apimachinery/pkg/util/validation``), under Kubernetes' names.

Kubernetes anchors the formats at both ends of the text; the compiled patterns here are anchored with ``\A`` and
``\Z`` (so ``match``, ``fullmatch`` and ``search`` agree): Python's ``$`` would also accept a name followed by a
newline, which Kubernetes (and Helm, whose release names are DNS-1123 subdomains) refuses.
"""

from __future__ import annotations

import re

__all__ = [
    "DNS1035_LABEL",
    "DNS1035_LABEL_FORMAT",
    "DNS1035_LABEL_MAX_LENGTH",
    "DNS1035_LABEL_MESSAGE",
    "DNS1123_LABEL",
    "DNS1123_LABEL_FORMAT",
    "DNS1123_LABEL_MAX_LENGTH",
    "DNS1123_LABEL_MESSAGE",
    "DNS1123_SUBDOMAIN",
    "DNS1123_SUBDOMAIN_FORMAT",
    "DNS1123_SUBDOMAIN_MAX_LENGTH",
    "DNS1123_SUBDOMAIN_MESSAGE",
    "is_dns1035_label",
    "is_dns1123_label",
    "is_dns1123_subdomain",
]

DNS1123_LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_SUBDOMAIN_FORMAT = DNS1123_LABEL_FORMAT + r"(\." + DNS1123_LABEL_FORMAT + ")*"
DNS1035_LABEL_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?"

DNS1123_LABEL = re.compile(rf"\A(?:{DNS1123_LABEL_FORMAT})\Z")
DNS1123_SUBDOMAIN = re.compile(rf"\A(?:{DNS1123_SUBDOMAIN_FORMAT})\Z")
DNS1035_LABEL = re.compile(rf"\A(?:{DNS1035_LABEL_FORMAT})\Z")

DNS1123_LABEL_MAX_LENGTH = 63
DNS1123_SUBDOMAIN_MAX_LENGTH = 253
DNS1035_LABEL_MAX_LENGTH = 63

# What the API server says when a name does not match (before its example and the regular expression).
DNS1123_LABEL_MESSAGE = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
DNS1123_SUBDOMAIN_MESSAGE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
    "and must start and end with an alphanumeric character"
)
DNS1035_LABEL_MESSAGE = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
    "start with an alphabetic character, and end with an alphanumeric character"
)


def is_dns1123_label(name: str) -> bool:
    """A namespace, a volume or container name, a label-like name: at most 63 characters."""
    return len(name) <= DNS1123_LABEL_MAX_LENGTH and DNS1123_LABEL.match(name) is not None


def is_dns1123_subdomain(name: str) -> bool:
    """Most objects' ``metadata.name`` (Secrets, ConfigMaps, CRDs...): at most 253 characters."""
    return len(name) <= DNS1123_SUBDOMAIN_MAX_LENGTH and DNS1123_SUBDOMAIN.match(name) is not None


def is_dns1035_label(name: str) -> bool:
    """A Service's name: a DNS-1123 label that starts with a letter."""
    return len(name) <= DNS1035_LABEL_MAX_LENGTH and DNS1035_LABEL.match(name) is not None
