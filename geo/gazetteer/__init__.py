"""Stage 1, the gazetteer: every known place name, read from its sources (`sources`), merged
and compiled (`build`) into one immutable, cached index (`index`, with `nameindex`).

>>> from geo.gazetteer import load
"""
from geo.gazetteer.index import Gazetteer, load

__all__ = ["Gazetteer", "load"]
