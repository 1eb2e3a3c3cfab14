"""byline: read the news in the terminal. This package holds the command line that wires the rest."""

__version__ = "0.1.0"
