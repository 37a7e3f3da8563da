"""chartgen: patch the IKO Helm chart so the operator at home manages IrisClusters at work."""

__version__ = "0.1.0"
