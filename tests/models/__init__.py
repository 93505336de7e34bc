"""Model tests: the lossless round-trip law, edits, enums, errors, timestamps."""
