"""The Summary's tables, pure: prepared lead facts in, DataFrames out (no file access)."""
