"""What readers touch every day: widths, one event in full, CSV, many what-ifs, facts."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govsim
from govsim.cli import app, console
from govsim.compare import compare
from govsim.export import STEP_COLUMNS
from govsim.gantt import gantt
from govsim.times import zone

DOCUMENTED = govsim.replay(govsim.load_scenario())
EVENT_IDS = [s.event.id for s in DOCUMENTED.steps]
FACT_IDS = sorted({f for s in DOCUMENTED.steps for f in s.event.sources})


def run(*args: str, columns: int | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_replay_with_sources_never_cuts_an_id_and_fits_the_width(columns: int) -> None:
    code, out, _ = run("replay", "--sources", columns=columns)
    assert code == 0
    assert max(len(line.rstrip()) for line in out.splitlines()) <= columns
    borders = [line.rstrip() for line in out.splitlines() if line[:1] in "┏┃┡│├└┌"]
    assert borders
    assert all(line[-1] in "┓┃┩│┤┘┐" for line in borders)
    for name in [*EVENT_IDS, *FACT_IDS]:
        assert name in out, name


def test_at_80_columns_left_out_columns_are_named() -> None:
    code, out, _ = run("replay", columns=80)
    assert code == 0
    borders = [line.rstrip() for line in out.splitlines() if line[:1] in "┏┃┡│├└┌"]
    assert all(line[-1] in "┓┃┩│┤┘┐" for line in borders)  # the table is not cut at the edge
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    words = " ".join(out.split())
    assert "not shown at 80 columns: phase, chief executive, board, letter" in words
    assert "--wide shows every column" in words


def test_wide_and_piped_output_show_every_column() -> None:
    for args, columns in ((("replay", "--wide"), 80), (("replay",), None)):
        _, out, _ = run(*args, columns=columns)
        assert "not shown" not in out
        header = next(line for line in out.splitlines() if "phase" in line)
        assert "letter" in header
        assert "chief executive" in header


def test_facts_never_cut_an_id_at_80_columns() -> None:
    code, out, _ = run("facts", columns=80)
    assert code == 0
    for fact in govsim.load_ledger().facts:
        assert fact.id in out, fact.id


def test_facts_format_numbers_and_tell_same_values_apart_by_lines() -> None:
    code, out, _ = run("facts", "microsoft-investment", "headcount", "--wide")
    assert code == 0
    assert "11,000,000,000" in out
    assert "11000000000" not in out
    ledger = govsim.load_ledger()
    headcount = ledger.fact("headcount")
    assert headcount is not None
    twice = [r for r in headcount.readings if r.source == "schultz-newsletter"]
    assert len(twice) == 2
    assert twice[0].value == twice[1].value
    assert twice[0].words() != twice[1].words()  # their lines differ
    for reading in twice:
        assert reading.words() in out


def test_unknown_fact_id_names_the_closest_with_exit_status_2() -> None:
    code, _, err = run("facts", "headcont")
    assert code == 2
    assert "unknown fact id 'headcont'; did you mean 'headcount'?" in err


def test_show_tells_one_event_in_full() -> None:
    code, out, _ = run("show", "remove_altman")
    assert code == 0
    for words in ("remove_ceo", "sutskever for", "notified", "sutskever_invites_altman",
                  "remove_brockman", "4 for, 0 against", "fact removal-call",
                  "crisis-106h l.15", "readings"):
        assert words in out, words


def test_show_json_has_votes_causes_outcome_and_cited_lines() -> None:
    code, out, _ = run("show", "remove_altman", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["index"] == 1 + EVENT_IDS.index("remove_altman")
    assert data["details"]["votes"]["toner"] == "for"
    assert data["because"] == ["sutskever_invites_altman (applied)"]
    assert "remove_brockman" in data["caused"]
    assert data["outcome"] == "applied"
    assert data["tally"]["required"] == 4
    assert any(c.startswith("crisis-106h l.15") for f in data["facts"] for c in f["citations"])


def test_show_in_a_what_if_gives_its_own_outcome() -> None:
    code, out, _ = run("show", "remove_altman", "notice-required", "--json")
    assert code == 0
    assert json.loads(out)["outcome"] == "rejected"


def test_show_unknown_event_suggests_the_closest() -> None:
    code, _, err = run("show", "remove_altmann")
    assert code == 2
    assert "did you mean 'remove_altman'?" in err


def test_json_index_is_the_tables_number() -> None:
    _, out, _ = run("replay", "--json")
    steps = json.loads(out)["steps"]
    _, table, _ = run("replay", "--wide")
    row = next(line for line in table.splitlines() if " remove_altman " in line)
    number = int(row.strip("│┃ ").split()[0])
    assert steps[number - 1]["id"] == "remove_altman"
    assert steps[number - 1]["index"] == number


def test_replay_csv_has_one_documented_row_per_step(tmp_path: Path) -> None:
    target = tmp_path / "steps.csv"
    code, _, err = run("replay", "-o", str(target))
    assert code == 0
    assert f"wrote {target} (42 rows)" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert len(rows) == len(EVENT_IDS)
    assert list(rows[0]) == list(STEP_COLUMNS)
    removal = rows[EVENT_IDS.index("remove_altman")]
    assert removal["outcome"] == "applied"
    assert removal["ceo"] == ""
    assert removal["voting_board_size"] == "5"
    assert rows[-1]["ceo"] == "altman"
    summary = DOCUMENTED.summary()
    assert int(rows[-1]["departures"]) == summary.departures > 0
    assert int(rows[-1]["signatures"]) == summary.letter.signatures


def test_csv_to_standard_output_replaces_the_table() -> None:
    code, out, _ = run("replay", "-o", "-")
    assert code == 0
    assert out.startswith("index,id,at,")
    assert "┃" not in out


def test_run_csv_keeps_the_exit_status_of_the_expectations(tmp_path: Path) -> None:
    code, _, _ = run("run", "notice-required", "-o", str(tmp_path / "r.csv"))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text())))
    assert next(r for r in rows if r["id"] == "remove_altman")["outcome"] == "rejected"


def test_intervals_csv_lists_who_held_what_from_when_to_when() -> None:
    code, out, _ = run("intervals", "-o", "-", "--tz", "UTC")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    murati = next(r for r in rows if r["person"] == "murati" and r["role"] == "interim_ceo")
    assert murati["kind"] == "office"
    assert murati["start"].endswith("+00:00")
    assert float(murati["hours"]) > 0
    taylor = next(r for r in rows if r["person"] == "taylor" and r["role"] == "chair")
    assert taylor["end"] == ""  # still held at the end


def test_compare_many_what_ifs_in_one_table() -> None:
    code, out, _ = run("compare", "november-2023", "notice-required", "letter-minority",
                       "board-refuses", "--wide")
    assert code == 0
    assert "3 scenarios against november-2023" in out
    for name in ("notice-required", "letter-minority", "board-refuses"):
        assert name in out
    assert "exodus" in out  # board-refuses ends in an exodus


def test_compare_many_json_has_one_comparison_each() -> None:
    code, out, _ = run("compare", "november-2023", "notice-required", "letter-minority",
                       "--json")
    assert code == 0
    data = json.loads(out)
    assert [c["other"] for c in data["comparisons"]] == ["notice-required", "letter-minority"]


def test_compare_tz_shows_times_in_that_zone() -> None:
    _, pacific, _ = run("compare", "notice-required", "--wide")
    _, paris, _ = run("compare", "notice-required", "--tz", "Europe/Paris", "--wide")
    assert "Fri 17 Nov 12:00" in pacific
    assert "Fri 17 Nov 21:00" in paris
    assert "Europe/Paris" in paris


def test_one_divergence_is_singular() -> None:
    _, out, _ = run("compare", "notice-required", "--wide")
    comparison = compare(DOCUMENTED, govsim.replay(govsim.load_scenario("notice-required")))
    count = len(comparison.divergences)
    assert f"{count} divergence{'s' if count != 1 else ''}" in out
    assert " 1 divergences" not in out


def test_expectations_are_shown_as_words_not_python_lists() -> None:
    _, out, _ = run("run", "letter-minority", "--wide")
    assert "['" not in out


def test_gantt_gives_a_state_reached_by_the_last_event_a_visible_bar() -> None:
    scenario = govsim.load_scenario()
    last = scenario.events[-1]
    cut = scenario.model_copy(update={"until": None})  # the record ends at the last event
    chart = gantt(govsim.replay(cut), zone("UTC"))
    starting_last = [line for line in chart.splitlines()
                     if f":{last.at.astimezone(zone('UTC')):%Y-%m-%d %H:%M}, " in line]
    assert starting_last, chart
    for line in starting_last:
        start, end = (datetime.strptime(t.strip(), "%Y-%m-%d %H:%M")
                      for t in line.split(":", 1)[1].split(","))
        assert end - start >= timedelta(hours=6), line


def test_validate_parses_a_shared_base_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from govsim import loader

    read: list[str] = []
    original = loader.read_file

    def counting(path: Path, shown: str, *, keep_going: bool = False) -> object:
        read.append(Path(path).name)
        return original(path, shown, keep_going=keep_going)

    loader._BASES.clear()
    monkeypatch.setattr(loader, "read_file", counting)
    code, out, _ = run("validate", "notice-required", "letter-minority", "board-refuses")
    assert code == 0
    assert out.count("ok: ") == 3
    assert read.count("november-2023.yaml") == 1


def test_intervals_help_says_one_row_per_span() -> None:
    code, out, _ = run("intervals", "--help")
    assert code == 0
    words = " ".join(out.split())
    assert "one row per span" in words
    assert "one row per step" not in words


def test_run_csv_says_how_each_step_departs_from_the_base(tmp_path: Path) -> None:
    code, out, _ = run("run", "notice-required", "-o", "-")
    assert code == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["remove_altman"]["vs_base"] == "rejected"
    assert rows["remove_brockman"]["vs_base"] == "moot"
    assert rows["sutskever_invites_altman"]["vs_base"] == ""


ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_the_documented_diagram_is_what_govsim_diagram_prints() -> None:
    page = (ROOT / "docs" / "how-to" / "command-line.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*The machine\.\*\*.*?```mermaid\n(.*?)```", page, re.S)
    assert block is not None
    code, out, _ = run("diagram")
    assert code == 0
    assert block.group(1) == out


def test_every_count_of_disputed_facts_in_the_pages_is_the_ledgers() -> None:
    disputed = sum(f.disputed for f in govsim.load_ledger().facts)
    stated = [int(n) for page in PAGES for n in re.findall(
        r"(\d+) (?:disputed|facts on which sources disagree)",
        " ".join(page.read_text(encoding="utf-8").split()))]
    assert len(stated) >= 2
    assert set(stated) == {disputed}


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for v in data.values() for k in _keys(v)}
    if isinstance(data, list):
        return {k for v in data for k in _keys(v)}
    return set()


def test_waterfall_help_names_only_keys_its_json_has() -> None:
    _, help_text, _ = run("waterfall", "--help")
    promised = set(re.findall(r"`([a-z_]+)`", help_text.partition("--json")[2]))
    promised |= {k for group in re.findall(r"\{([a-z_, ]+)\}", help_text)
                 for k in group.replace(" ", "").split(",")}
    assert {"parties", "by_year", "amount_cents"} <= promised
    code, out, _ = run("waterfall", "--profit", "5e9", "--years", "2", "--json")
    assert code == 0
    assert promised <= _keys(json.loads(out))


def _all_commands() -> list[tuple[str, object]]:
    from typer.main import get_command

    found: list[tuple[str, object]] = []
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", {})
        found += [(f"{name} {sub}", c) for sub, c in subcommands.items()] or [(name, command)]
    return found


def test_every_option_of_every_command_says_what_it_does() -> None:
    for name, command in _all_commands():
        for param in getattr(command, "params", []):
            if getattr(param, "param_type_name", "") == "option" and not param.hidden:
                assert (param.help or "").strip(), f"{name} {param.opts}"


def test_compare_table_tells_no_crisis_from_one_that_never_ended() -> None:
    code, out, _ = run("compare", "november-2023", "notice-required", "letter-minority",
                       "--wide")
    assert code == 0
    rows = {line.split("│")[1].strip(): line for line in out.splitlines()
            if line.startswith("│ ") and line.split("│")[1].strip()}
    assert "no crisis" in rows["notice-required"]
    assert "did not end" in rows["letter-minority"]


def _ids_shown(args: tuple[str, ...]) -> set[str]:
    if args[0] == "facts":
        return {f.id for f in govsim.load_ledger().facts}
    if args[0] == "scenarios":
        from govsim.resources import shipped_scenarios

        return set(shipped_scenarios())
    if args[0] == "intervals":
        return {s.person for s in DOCUMENTED.board_intervals()}
    if "--sources" in args:
        return set(EVENT_IDS + FACT_IDS)
    return {s.event.id for s in govsim.replay(govsim.load_scenario(args[1])).steps}


@pytest.mark.parametrize("args", [("replay", "--sources"), ("facts",), ("scenarios",),
                                  ("intervals",), ("run", "letter-minority")],
                         ids=lambda a: " ".join(a))
def test_no_id_is_cut_at_any_width_it_fits_in(args: tuple[str, ...]) -> None:
    ids = _ids_shown(args)
    longest = max(map(len, ids))
    for columns in sorted({longest, longest + 1, *range(30, 47, 2), 50, 60} - set(
            range(longest))):
        code, out, _ = run(*args, columns=columns)
        assert code == 0
        assert max(len(line) for line in out.splitlines()) <= columns, columns
        cut = sorted(i for i in ids if i not in out)
        assert cut == [], (columns, cut[:3])


def test_a_what_ifs_marks_against_its_base_are_never_cut() -> None:
    """`vs base` says `rejected` whole at any width (it was `rejecte` / `d` at 120)."""
    for columns in (110, 120, 140, 200):  # narrower, each row becomes a block of lines
        code, out, _ = run("run", "sutskever-votes-against", columns=columns)
        assert code == 0
        lines = out.splitlines()
        first = next(i for i, line in enumerate(lines) if "│ remove_altman " in line)
        marks = [line.split("│")[-2].strip() for line in lines[first:first + 2]]
        assert marks[0] == "rejected", (columns, marks)
        assert marks[1] == "", (columns, marks)


def test_intervals_say_which_seats_were_held_before_the_record_began() -> None:
    code, out, _ = run("intervals", "--wide")
    assert code == 0
    row = next(line for line in out.splitlines() if "│ altman " in line and " ceo " in line)
    assert "before the record" in row
    assert "already held when the record begins" in " ".join(out.split())
    code, out, _ = run("intervals", "-o", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    held = [((r["person"], r["role"]), r["before_record"]) for r in rows]
    assert held[0] == (("altman", "ceo"), "true")
    assert (("altman", "ceo"), "false") in held  # reinstated on 29 November
    assert (("murati", "interim_ceo"), "false") in held


INVALID = Path(__file__).parent / "data" / "invalid"
ALSO = {p.name: [line.removeprefix("# also: ") for line in p.read_text().splitlines()
                 if line.startswith("# also: ")]
        for p in sorted(INVALID.glob("*.yaml")) if b"# also: " in p.read_bytes()}
"""Files with more than one problem: each `# also:` line must come in the same report."""


@pytest.mark.parametrize("name", sorted(ALSO))
def test_every_problem_of_a_file_comes_at_once(name: str) -> None:
    assert ALSO[name]
    code, _, err = run("validate", str(INVALID / name))
    assert code == 2
    first = (INVALID / name).read_text().splitlines()[0].removeprefix("# expect: ")
    for message in [first, *ALSO[name]]:
        assert message in err, message


def test_a_problem_that_follows_from_another_is_not_told_again() -> None:
    _, _, err = run("validate", str(INVALID / "whatif-broken-change-and-others.yaml"))
    assert "bad_note" not in err  # the patch of the broken insert's event


def test_files_with_several_problems_are_tested() -> None:
    assert len(ALSO) >= 3


def test_run_shows_the_warnings_validate_gives_on_standard_error(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text("name: w\ndescription: q\nbase: november-2023\nchanges:\n"
                    "  - {op: patch, event: remove_altman, set: {votes: {murati: for},\n"
                    "     present: [sutskever, dangelo, toner, mccauley, murati]}}\n")
    _, _, validated = run("validate", str(path))
    warning = next(line for line in validated.splitlines() if line.startswith("warning: "))
    assert "murati votes but is not a voting director" in warning
    for args in (("run", str(path)), ("run", str(path), "--json")):
        code, out, err = run(*args)
        assert code == 0
        assert warning in err.splitlines()
        assert "warning" not in out


@pytest.mark.parametrize("wide", [False, True])
def test_text_is_printed_as_written_never_as_markup_or_emoji_codes(
        wide: bool, capsys: pytest.CaptureFixture[str]) -> None:
    written = "[bold]Board[/bold] of :smile: [red]x"
    console(wide)[0].print(written)
    assert capsys.readouterr().out == written + "\n"
