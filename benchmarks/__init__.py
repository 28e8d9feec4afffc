"""The benchmarks of `make bench` (run.py writes benchmarks/RESULTS.md); speed targets live here, never in timed tests."""
