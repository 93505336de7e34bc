"""coupang_async benchmarks: `python -m benchmarks [--quick]` (see benchmarks/README.md)."""
