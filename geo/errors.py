"""Errors raised by the geo library.

Each class also inherits the builtin it refines, so callers may catch either
(`except GazetteerError` or `except OSError`). Messages name the bad value and the fix.
"""
from __future__ import annotations


class GeoError(Exception):
    """Base class of every error the library raises on purpose."""


class ConfigurationError(GeoError, ValueError):
    """A setting has a value the library cannot use."""


class GazetteerError(GeoError, OSError):
    """The gazetteer cannot be built or loaded."""


class InputError(GeoError, ValueError):
    """An input record or text cannot be parsed."""
