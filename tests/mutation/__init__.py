"""A repeatable mutation pass over the core (not collected by the suite: no test_ files)."""
