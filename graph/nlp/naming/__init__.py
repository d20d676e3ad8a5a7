"""Name finding: the vocabulary and growth procedures the names, persons and linker components use."""
