"""End-to-end tests against real Kubernetes control planes built from Debian's packages."""
