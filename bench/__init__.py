"""`python -m bench` (or `make bench`). Measurements, not tests: they never fail CI."""
