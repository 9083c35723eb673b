"""gloss: a static site generator for annotated reading digests."""

__version__ = "0.1.0"
