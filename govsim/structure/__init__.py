"""Structure and power: who controls what, who can carry or block what, where the money goes."""
