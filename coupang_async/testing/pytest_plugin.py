"""pytest plugin registered by the package (fixtures arrive with FakeCoupang)."""
