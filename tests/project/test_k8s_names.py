"""Kubernetes' name formats, as the API server applies them."""

from __future__ import annotations

import pytest

from chartgen.k8s_names import DNS1123_SUBDOMAIN, is_dns1035_label, is_dns1123_label, is_dns1123_subdomain


@pytest.mark.parametrize("name", ["a", "iris-operator", "0abc", "a" * 63])
def test_dns1123_labels_accepted(name):
    assert is_dns1123_label(name)


@pytest.mark.parametrize("name", ["", "A", "-a", "a-", "a.b", "a_b", "a" * 64, "a\n"])
def test_dns1123_labels_refused(name):
    assert not is_dns1123_label(name)


@pytest.mark.parametrize("name", ["a.b", "irisclusters.intersystems.com", "a" * 253])
def test_dns1123_subdomains_accepted(name):
    assert is_dns1123_subdomain(name)


@pytest.mark.parametrize("name", ["", "a..b", ".a", "a.", "a" * 254, "a.b\n"])
def test_dns1123_subdomains_refused(name):
    assert not is_dns1123_subdomain(name)


@pytest.mark.parametrize(("name", "valid"), [("svc", True), ("0svc", False), ("s-1", True), ("s" * 64, False)])
def test_dns1035_labels_start_with_a_letter(name, valid):
    assert is_dns1035_label(name) is valid


def test_patterns_match_only_whole_names_whatever_the_method():
    assert DNS1123_SUBDOMAIN.match("ok\n") is None
    assert DNS1123_SUBDOMAIN.search("Not ok") is None
