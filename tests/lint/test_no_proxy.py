"""NO_PROXY as Go's HTTP clients read it: which entry, if any, sends a request around the proxy."""

from __future__ import annotations

import pytest

from chartgen.lint.no_proxy import bypassing_entry, server_address

HOST, PORT = "api.work.example.com", "6443"


@pytest.mark.parametrize(
    "no_proxy",
    [
        "*",
        "api.work.example.com",
        "API.Work.Example.com",
        "example.com",
        ".example.com",
        "*.example.com",
        "work.example.com:6443",
        " localhost , example.com ",
    ],
)
def test_entries_that_send_the_host_around_the_proxy(no_proxy):
    assert bypassing_entry(no_proxy, HOST, PORT) is not None


@pytest.mark.parametrize(
    "no_proxy",
    [
        "",
        ",,",
        ".api.work.example.com",  # a leading dot: subdomains only
        "ample.com",  # a suffix that is not a whole label
        "example.com:443",  # another port
        "10.0.0.0/8",
        "other.example.org,svc,cluster.local",
    ],
)
def test_entries_that_keep_the_host_behind_the_proxy(no_proxy):
    assert bypassing_entry(no_proxy, HOST, PORT) is None


def test_the_entry_found_is_named_as_written():
    assert bypassing_entry("localhost, .Example.com", HOST, PORT) == ".Example.com"


@pytest.mark.parametrize(
    ("no_proxy", "bypassed"),
    [
        ("10.0.0.0/8", True),
        ("10.1.2.3", True),
        ("10.1.2.3:6443", True),
        ("10.1.2.3:443", False),
        ("10.1.2.4", False),
        ("192.168.0.0/16", False),
        ("fd00::/8", False),
    ],
)
def test_ip_entries_match_addresses(no_proxy, bypassed):
    assert (bypassing_entry(no_proxy, "10.1.2.3", "6443") is not None) is bypassed


def test_an_ipv6_entry_with_a_port_is_bracketed():
    assert bypassing_entry("[fd00::1]:6443", "fd00::1", "6443") == "[fd00::1]:6443"


@pytest.mark.parametrize(
    ("server", "address"),
    [
        ("https://api.work.example.com:6443", ("api.work.example.com", "6443")),
        ("https://API.example.com", ("api.example.com", "443")),
        ("http://api.example.com", ("api.example.com", "80")),
        ("api.example.com:6443", ("api.example.com", "6443")),
        ("https://[fd00::1]:6443", ("fd00::1", "6443")),
        ("https://api.example.com:notaport", None),
        ("https://", None),
    ],
)
def test_the_address_a_client_connects_to(server, address):
    assert server_address(server) == address
