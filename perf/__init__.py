"""Load test and benchmarks: `make load`, `make bench` (see perf/README.md)."""
