"""Which Helm chartgen reproduces: the profile of every difference between Helm 3.17 and Helm 4.1
(:mod:`.profile`) and each one's default API list (:mod:`.api_versions`).

It sits below every package that behaves differently under the two (Go's regexp tables, Sprig, Helm's semantics,
lint), so each reads the field that names its behaviour instead of comparing a major version.
"""
