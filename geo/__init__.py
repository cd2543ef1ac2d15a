"""Newsmap's geo library: English news text -> places (and, later, events) on a map.

    >>> import geo
    >>> article = geo.parse("Shelling hit Kharkiv on Friday.", published="2022-02-25")  # doctest: +SKIP
    >>> article.places[0].name                                                            # doctest: +SKIP
    'Kharkiv'
"""
from geo.errors import ConfigurationError, GazetteerError, GeoError, InputError
from geo.gazetteer.index import Gazetteer
from geo.gazetteer.index import load as load_gazetteer
from geo.pipeline import parse, parse_spans
from geo.records import Candidate, Mention, ParsedArticle, Place, Unresolved
from geo.settings import Settings

__all__ = ["parse", "parse_spans", "load_gazetteer", "Gazetteer", "Settings", "Mention",
           "Candidate", "Place", "Unresolved", "ParsedArticle", "GeoError", "ConfigurationError",
           "GazetteerError", "InputError"]
