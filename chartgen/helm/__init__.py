"""Helm's chart semantics in pure Python: loading, values, the template engine's function set, and the
``helm template`` output format. ``chartgen.helm.render`` is the entry point."""
