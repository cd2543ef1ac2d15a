"""Newsmap's geo library: English news text -> places (and, later, events) on a map.

    >>> import geo
    >>> article = geo.parse("Shelling hit Kharkiv on Friday.", published="2022-02-25")  # doctest: +SKIP
    >>> article.places[0].name                                                            # doctest: +SKIP
    'Kharkiv'
"""
from .errors import ConfigurationError, GazetteerError, GeoError, InputError
from .gazetteer import Gazetteer
from .gazetteer import load as load_gazetteer
from .pipeline import parse, parse_spans
from .records import Candidate, Mention, ParsedArticle, Place, Unresolved
from .settings import Settings

__all__ = ["parse", "parse_spans", "load_gazetteer", "Gazetteer", "Settings", "Mention",
           "Candidate", "Place", "Unresolved", "ParsedArticle", "GeoError", "ConfigurationError",
           "GazetteerError", "InputError"]
