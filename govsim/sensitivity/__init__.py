"""Global sensitivity: which uncertain parameters drive how a simulated crisis ends."""
