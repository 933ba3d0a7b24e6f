"""The message itself: its envelope (MIME parts, charsets, headers), the sender's own words apart
from quoted mail (body, html), which roster unit sent it (units), whether it answers this round
at all (relevance) and which round of several it answers (rounds)."""
