"""Async, typed client for Coupang's seller (Wing) Open API."""

from coupang_async._version import __version__

__all__ = ["__version__"]
