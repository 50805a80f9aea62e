"""Sphinx configuration for govsim's documentation (`sphinx-build -W -n docs build/docs`).

Every reference page is generated from the package itself: the scenario-file
reference from the JSON Schema `govsim schema` prints, the CLI reference from
the typer commands, the JSON output reference from whatever schemas the
package ships, and the API reference from the docstrings. The tutorial is a
MyST notebook that myst-nb runs while building.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import govsim  # noqa: E402

project = "govsim"
author = "govsim contributors"
copyright = "2026, govsim contributors"
release = version = govsim.__version__

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "govsim_docs",
]
source_suffix = {".md": "myst-nb", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "figures/*.sh", "**/.ipynb_checkpoints"]
root_doc = "index"

# Strict: `-W -n` turns every warning, and every unresolved cross-reference,
# into an error. Without a network there is no intersphinx inventory, so
# references to other projects' names (datetime, pydantic, pandas...) are
# left as plain text; every reference to govsim's own names must resolve.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(?!govsim\b).*"),
    # autodoc splits `A | Annotated[int, Field(...)]` at the comma inside the brackets
    (r"py:class", r".*Annotated\[.*"),
]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_merge_streams = True

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {
    "members": True,
    "undoc-members": True,
    "exclude-members": "model_config, model_fields, model_computed_fields, model_post_init",
}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

html_theme = "furo"
html_title = f"govsim {version}"
html_static_path: list[str] = []
