"""Cutting comments out of text: prose into comment Blocks (segment), comment tables by their
header (tables), Chinese and financial numerals (numerals), traditional characters (hanzi)."""
