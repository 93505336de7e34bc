"""Test support: FakeCoupang, an in-process fake of Coupang's gateway (work in progress)."""
