"""Stage 3, resolution: a gazetteer entry for every mention (`resolve`), from its candidates
(`candidates`) scored by named features (`features`), containers ('X, Y'), lists of places
(`article_lists`) and where a chosen entry goes on the map (`placement`)."""
from geo.resolve.resolver import resolve

__all__ = ["resolve"]
