"""How an upgrade tells added, removed and renamed values keys and changed defaults apart."""

from __future__ import annotations

from chartgen.upgrade.values_diff import Rename, diff_values


def test_a_key_under_another_parent_with_the_same_name_is_a_move():
    change = diff_values({"a": {"level": 3}}, {"b": {"level": 4}})
    assert change.renamed == [Rename("a.level", "b.level", "moved")]
    assert not change.added and not change.removed


def test_a_sibling_with_a_close_name_is_a_rename():
    change = diff_values({"op": {"numThread": 2}}, {"op": {"numThreads": 2}})
    assert change.renamed == [Rename("op.numThread", "op.numThreads", "close name")]


def test_a_key_with_the_same_telling_default_is_a_rename():
    change = diff_values({"logLevel": 3}, {"verbosity": 3})
    assert change.renamed == [Rename("logLevel", "verbosity", "same default")]


def test_switches_that_share_a_false_default_are_not_paired():
    change = diff_values({"enableX": False}, {"useY": False})
    assert change.renamed == []
    assert change.removed == {"enableX": False} and change.added == {"useY": False}


def test_a_shared_default_is_no_evidence_when_two_keys_have_it():
    change = diff_values({"alpha": 3}, {"beta": 3, "gamma": 3})
    assert change.renamed == []


def test_a_default_changed_in_type_is_a_changed_default():
    change = diff_values({"port": "52773"}, {"port": 52773})
    assert change.defaults == {"port": ("52773", 52773)}


def test_equal_values_are_no_change():
    assert not diff_values({"a": {"b": [1, 2]}, "c": {}}, {"a": {"b": [1, 2]}, "c": {}})
