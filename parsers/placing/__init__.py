"""Placing a comment on the draft: the draft read into sections and clauses (draft), the
references a comment makes (clauses), the clause it is about and how sure (mapping), and its
subject when it names no clause (subjects)."""
