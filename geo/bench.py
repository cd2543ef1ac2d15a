"""Shim: the benchmarks live in `geo.benchmarks`; cli.py imports `main` and `SECTIONS` from
here until phase B of issue 17 points it at `geo.benchmarks.run` and removes this file."""
from .benchmarks.run import SECTIONS, main

__all__ = ["SECTIONS", "main"]
