"""Where the round stands and what the department decides: progress and counts (one definition
of each figure), status, exports and the report, the clerks' decisions, assignments and
confirmations."""
