"""Pure-Python domain: vocabularies, value types and rules. Imports nothing outside the stdlib."""
