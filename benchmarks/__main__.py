"""`python -m benchmarks [--quick] [--repeat N] [--only PATTERN]`: run the suite, write results."""

from benchmarks.runner import main

if __name__ == "__main__":
    raise SystemExit(main())
