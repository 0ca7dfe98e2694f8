"""Organizations' evidence: input formats, validation, and storage in one named graph per organization."""
