"""The documentation: a strict build, its generated pages, and every Python snippet run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govsim.cli import app
from govsim.whatif import scenario_file_schema
from tests.conftest import ROOT

DOCS = ROOT / "docs"
sys.path.insert(0, str(DOCS / "_ext"))
import govsim_docs  # noqa: E402


def build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Sphinx as the docs page says to run it: warnings and unresolved references fail."""
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q",
                           "-b", "html", *options, str(source), str(out)],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = build(DOCS, out)
    assert result.returncode == 0, result.stderr
    assert not re.search(r": (WARNING|ERROR)|^(WARNING|ERROR):", result.stderr, re.M), \
        result.stderr
    return out


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_the_site_builds_strictly_with_every_page(site: Path) -> None:
    for page in ("index", "tutorial", "reference/scenario-file", "reference/cli",
                 "reference/json", "reference/api", "reference/input-errors",
                 "how-to/command-line", "how-to/what-if", "how-to/simulate", "how-to/structure",
                 "how-to/figures", "about/how-it-works", "about/sources", "about/performance",
                 "about/layout", "changelog"):
        assert (site / f"{page}.html").is_file(), page


def test_the_figures_the_pages_show_are_in_the_site(site: Path) -> None:
    for name in ("november-2023", "outcomes", "power"):
        assert (site / "_images" / f"{name}.png").is_file(), name


def test_a_broken_reference_fails_the_build(tmp_path: Path) -> None:
    source = tmp_path / "docs"  # the site's own configuration, on one page
    shutil.copytree(DOCS / "_ext", source / "_ext")
    shutil.copy(DOCS / "conf.py", source / "conf.py")
    (source / "index.md").write_text("# Broken\n\nSee {doc}`no-such-page` and "
                                     "{py:func}`govsim.replya`.\n", encoding="utf-8")
    result = build(source, tmp_path / "out")
    assert result.returncode != 0
    assert "no-such-page" in result.stderr
    assert "govsim.replya" in result.stderr


def test_the_scenario_reference_has_every_definition_of_the_schema(site: Path) -> None:
    page = _text(site / "reference" / "scenario-file.html")
    schema = scenario_file_schema()
    shown = govsim_docs.SchemaPage(schema, "file")
    for name, definition in schema["$defs"].items():
        assert f'id="{shown.anchor(name)}"' in page, name
        for field in definition.get("properties", {}):
            assert f"<span class=\"pre\">{field}</span>" in page, (name, field)


def test_the_cli_reference_has_every_command_and_option(site: Path) -> None:
    page = _text(site / "reference" / "cli.html")
    for name, command in govsim_docs.command.commands.items():  # type: ignore[attr-defined]
        assert f'id="govsim-{name}"' in page, name
        for option in (o for p in command.params if not getattr(p, "hidden", False)
                       for o in p.opts if o.startswith("--")):
            assert option in page, (name, option)
    assert "<!-- the commands, generated -->" not in page


def test_the_json_reference_shows_each_shipped_output_schema(site: Path) -> None:
    page = _text(site / "reference" / "json.html")
    names = govsim_docs.output_names()
    if not names:
        assert "ships no JSON Schema for its outputs" in page
        assert CliRunner().invoke(app, ["schema", "--output", "replay"]).exit_code != 0
    for name in names:
        assert f'id="output-{name}"' in page, name


def snippets(path: Path) -> list[tuple[int, str]]:
    """The ```python blocks of a Markdown file, with the line each starts on."""
    text = _text(path)
    return [(text[:m.start()].count("\n") + 1, m.group(1))
            for m in re.finditer(r"^```python\n(.*?)^```", text, flags=re.S | re.M)]


PAGES = [ROOT / "README.md", *sorted(p for p in DOCS.rglob("*.md") if p.name != "tutorial.md")]
CASES = [pytest.param(path, line, code, id=f"{path.relative_to(ROOT)}:{line}")
         for path in PAGES for line, code in snippets(path)]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the files the snippets read, made as their comments say."""
    where = tmp_path_factory.mktemp("snippets")
    runner = CliRunner()
    for args in (["replay", "--csv", str(where / "steps.csv")],
                 ["simulate", "--runs", "20", "--out", str(where / "results.csv")],
                 ["simulate", "--runs", "20", "--trajectories", str(where / "trajectories.csv")]):
        assert runner.invoke(app, args).exit_code == 0
    return where


def test_there_are_snippets_to_run() -> None:
    assert any(path.name == "README.md" for path, *_ in (c.values for c in CASES))


@pytest.mark.parametrize(("path", "line", "code"), CASES)
def test_every_python_snippet_runs(path: Path, line: int, code: str, workdir: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workdir)
    exec(compile(code, f"{path}:{line}", "exec"), {"__name__": "snippet"})


def test_the_readmes_replay_summary_is_what_govsim_replay_prints() -> None:
    """The summary the README shows is the real one, line for line."""
    readme = (ROOT / "README.md").read_text()
    shown = readme[readme.index("summary\n┌"):]
    shown = shown[:shown.index("┘") + 1]
    printed = CliRunner().invoke(app, ["replay"], env={"COLUMNS": "200"}).output
    lines = [line.rstrip() for line in printed.splitlines()]
    for line in shown.splitlines():
        assert line.rstrip() in lines, f"README line not in `govsim replay`: {line!r}"
