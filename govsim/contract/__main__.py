"""`python -m govsim.contract`: regenerate the shipped schemas after a model changes."""

from govsim.contract import write_schemas

for path in write_schemas():
    print(f"wrote {path}")
