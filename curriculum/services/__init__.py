"""Use cases: what a trainer or coordinator does, each one transaction."""
