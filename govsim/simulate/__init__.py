"""Simulation: actors that react, run many times over uncertain parameters."""
