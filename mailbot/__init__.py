"""mailbot: runs a public-comment round (征求意见) by email."""

__version__ = "0.1.0"
