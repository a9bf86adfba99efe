"""The version of journeymap (a leaf module, so any layer may read it)."""

__version__ = "0.1.0"
