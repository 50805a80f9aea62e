"""Simulation: the fast path equals the replay, runs are reproducible, the calibration holds."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

import govsim
from govsim.cli import app
from govsim.parameters import Beta, Choice, Triangular, Uniform
from govsim.simulate.manifest import manifest_path
from govsim.simulate.reader import read_results, tally_table
from govsim.simulate.results import summarise, wilson
from govsim.simulate.runner import Study, explain_once, ordered, parse_sweep, run_study
from govsim.simulate.scheduler import Plan
from govsim.simulate.study import carry_out
from govsim.state import Phase

ACTORS = "november-2023-actors"
runner = CliRunner()


@pytest.fixture(scope="module")
def actors() -> govsim.Scenario:
    return govsim.load_simulation(ACTORS)


def test_the_calibration_run_follows_the_documented_week(actors: govsim.Scenario) -> None:
    """Central values: the documented phases, restored, agreement and return within 24 h."""
    documented = govsim.replay(govsim.load_scenario("november-2023"))
    timeline, row = explain_once(Plan.of(actors), Study(actors, runs=1, seed=0).central())

    def phases(t: govsim.Timeline) -> list[Phase]:
        seen = [t.initial.phase]
        for step in t.steps:
            if step.state.phase is not seen[-1]:
                seen.append(step.state.phase)
        return seen

    assert phases(timeline) == phases(documented)
    assert row["outcome"] == "restored"
    simulated, recorded = timeline.summary(), documented.summary()
    assert simulated.agreed_at
    assert recorded.agreed_at
    assert simulated.crisis_end
    assert abs(simulated.agreed_at - recorded.agreed_at) < timedelta(hours=24)
    returned = documented.step("reinstate_altman")
    assert returned is not None
    assert abs(simulated.crisis_end - returned.at) < timedelta(hours=24)
    assert simulated.final_board == recorded.final_board


def test_a_replayed_run_s_reactions_say_their_time_is_approximate_and_what_they_follow(
        actors: govsim.Scenario) -> None:
    """A reader of an explained run tells a model's times from a source's, and sees the chain.

    The board's formal return and its new seats follow the agreement they carry out, by
    the drawn hours, and the reason names the parameter those hours come from.
    """
    central = Study(actors, runs=1, seed=0).central()
    timeline, _ = explain_once(Plan.of(actors), central)
    reactions = [s for s in timeline.steps if s.event.id.startswith("r_")]
    assert reactions
    assert all(s.event.approximate for s in reactions)
    agreed, returned, seated = (timeline.step(n) for n in ("r_agreement", "r_return",
                                                           "r_new_board"))
    assert agreed is not None
    assert returned is not None
    assert seated is not None
    for step in (returned, seated):
        assert [(c.event, c.outcome) for c in step.event.because] == [("r_agreement",
                                                                       "applied")]
    drawn = timedelta(hours=central["board.formal_hours"])
    assert abs(returned.at - agreed.at - drawn) < timedelta(seconds=1)  # whole seconds
    assert returned.event.rationale.endswith("h (board.formal_hours) after the agreement")


def test_the_calibration_depends_on_the_actors(actors: govsim.Scenario) -> None:
    """Not a replay in disguise: the script alone stops on Friday; a board that holds loses."""
    alone = govsim.replay(actors)
    assert alone.final.phase is Phase.CRISIS_INTERIM
    central = Study(actors, runs=1, seed=0).central()
    _, held = explain_once(Plan.of(actors), {**central, "board.holds": True})
    assert held["outcome"] != "restored"


def test_same_seed_same_table_and_another_seed_another(actors: govsim.Scenario) -> None:
    first = ordered(run_study(Study(actors, runs=60, seed=7)))
    again = ordered(run_study(Study(actors, runs=60, seed=7)))
    other = ordered(run_study(Study(actors, runs=60, seed=8)))
    assert first == again
    assert first != other


def test_one_and_two_workers_give_the_same_table(actors: govsim.Scenario) -> None:
    study = Study(actors, runs=40, seed=3, sweep={"board.negotiation_hours": (6.0, 24.0)},
                  draw_assumptions=True)
    one = ordered(run_study(study, workers=1, chunk=7))
    two = ordered(run_study(study, workers=2, chunk=7))
    assert one == two
    assert len(one) == 80


def test_a_run_does_not_depend_on_the_others(actors: govsim.Scenario) -> None:
    """Run 25 of a 30-run study is run 25 of a 100-run study (resume relies on it)."""
    short = ordered(run_study(Study(actors, runs=30, seed=5)))
    long = ordered(run_study(Study(actors, runs=100, seed=5)))
    assert short == [row for row in long if row["run"] < 30]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_outcome_shares_add_up_to_one_within_their_intervals(actors: govsim.Scenario,
                                                             seed: int) -> None:
    rows = list(run_study(Study(actors, runs=25, seed=seed, draw_assumptions=True)))
    (group,) = summarise(rows, {})
    assert sum(s.share for s in group.outcomes) == pytest.approx(1.0)
    assert sum(s.count for s in group.outcomes) == group.runs == 25
    for share in group.outcomes:
        assert share.low <= share.share <= share.high


def test_wilson_interval_by_hand() -> None:
    low, high = wilson(50, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    assert wilson(0, 10)[0] == 0.0
    assert wilson(10, 10)[1] == 1.0


def test_a_sweep_is_a_cartesian_grid_with_common_draws(actors: govsim.Scenario) -> None:
    sweep = parse_sweep(["board.holds=true,false", "investor.makes_offer=true,false"])
    study = Study(actors, runs=50, seed=2, sweep=sweep)
    assert len(study.points()) == 4
    rows = ordered(run_study(study))
    groups = summarise(rows, sweep)
    held = [g for g in groups if g.values["board.holds"] is True]
    assert all(next(s for s in g.outcomes if s.outcome == "restored").count == 0 for g in held)
    free = [g for g in groups if g.values["board.holds"] is False
            and g.values["investor.makes_offer"] is True]
    assert next(s for s in free[0].outcomes if s.outcome == "restored").count > 0
    assert rows[0]["staff.final_share"] == rows[50]["staff.final_share"]  # common draws


@pytest.mark.parametrize("spec", ["board.hold=true", "nonsense", "board.holds="])
def test_a_bad_sweep_is_refused_with_a_hint(spec: str) -> None:
    result = runner.invoke(app, ["simulate", "--runs", "2", "--sweep", spec])
    assert result.exit_code == 2
    assert "--sweep" in result.output
    if spec == "board.hold=true":
        assert "did you mean 'board.holds'" in result.output


def _p_restored(scenario: str, runs: int = 300) -> float:
    rows = list(run_study(Study(govsim.load_simulation(scenario), runs=runs, seed=11)))
    return sum(r["outcome"] == "restored" for r in rows) / runs


def test_shipped_what_ifs_move_the_outcome_in_simulation() -> None:
    """Each `simulate:` block asks its question of the actors: fewer runs end restored.

    Without the block, the file would simulate as the baseline, so the test would fail.
    """
    baseline = _p_restored(ACTORS)
    assert baseline > 0.3
    for name in ("letter-minority", "no-outside-offer", "board-refuses"):
        assert _p_restored(name) < baseline - 0.05, name
    assert _p_restored("board-refuses") == 0.0


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_out_writes_a_tidy_table_and_a_manifest(actors: govsim.Scenario, tmp_path: Path,
                                                suffix: str) -> None:
    out = tmp_path / f"results{suffix}"
    study = Study(actors, runs=12, seed=4)
    finished = carry_out(study, out=out)
    rows, meta = read_results(out)
    assert rows == ordered(run_study(study))
    assert finished.groups == summarise(rows, study.held)
    assert (meta["complete"], meta["rows"], meta["seed"]) == (True, 12 * 4, 4)
    assert (meta["scenario"], len(meta["scenario_sha256"])) == (ACTORS, 64)
    assert list(rows[0])[:4] == ["point", "run", "outcome", "duration_hours"]
    assert "staff.final_share" in rows[0]
    assert "staff.count_every_hours" not in rows[0]  # fixed parameters are not columns


def test_interrupted_runs_are_kept_whole_and_resume_completes_them(
        actors: govsim.Scenario, tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    study = Study(actors, runs=600, seed=9)
    calls: list[int] = []

    def interrupt(n: int) -> None:
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        carry_out(study, out=out, progress=interrupt)
    partial, meta = read_results(out)
    assert meta["complete"] is False
    assert len(partial) == meta["rows"] == 500
    finished = carry_out(study, out=out, resume=True)
    assert finished.resumed == 500
    fresh = carry_out(Study(actors, runs=600, seed=9), out=tmp_path / "fresh.csv")
    assert out.read_bytes() == (tmp_path / "fresh.csv").read_bytes()
    assert finished.groups == fresh.groups
    assert read_results(out)[1]["complete"] is True


def test_resume_refuses_another_study(actors: govsim.Scenario, tmp_path: Path) -> None:
    out = tmp_path / "results.jsonl"
    carry_out(Study(actors, runs=5, seed=1), out=out)
    before = out.read_bytes()
    with pytest.raises(govsim.GovsimError, match="another seed"):
        carry_out(Study(actors, runs=10, seed=2), out=out, resume=True)
    assert out.read_bytes() == before


def test_simulate_command_prints_shares_and_writes(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = runner.invoke(app, ["simulate", "--runs", "30", "--seed", "1", "--json",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    shares = data["groups"][0]["outcomes"]
    assert sum(s["share"] for s in shares) == pytest.approx(1.0)
    assert out.exists()
    assert manifest_path(out).exists()


def test_simulate_explain_replays_one_run_with_reasons() -> None:
    result = runner.invoke(app, ["simulate", "--explain", "3", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "remove_altman" in result.output
    assert "r_" in result.output
    assert "run 3, seed 1" in result.output


def test_explain_replays_the_run_a_results_row_names_at_its_point() -> None:
    """A row's `point` and `run` given to --point and --explain replay that row, not point 0's."""
    study = Study(govsim.load_simulation("november-2023-actors"), runs=5, seed=0)
    rows = {(r["point"], r["run"]): r for r in run_study(study)}
    point, run = next((p, r) for p, r in sorted(rows)
                      if rows[p, r]["outcome"] != rows[0, r]["outcome"])
    result = runner.invoke(app, ["simulate", "--explain", str(run), "--point", str(point),
                                 "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    replayed = json.loads(result.stdout)["result"]
    assert replayed == {k: v for k, v in rows[point, run].items() if k in replayed}
    shown = runner.invoke(app, ["simulate", "--explain", str(run), "--point", str(point),
                                "--seed", "0"])
    held = ", ".join(f"{k}={v}".lower() for k, v in study.points()[point].items())
    assert held != ", ".join(f"{k}={v}".lower() for k, v in study.points()[0].items())
    assert f"point {point}, run {run}, seed 0: drawn values (held: {held})" in shown.output


@pytest.mark.parametrize(("args", "message"), [
    (["november-2023"], "november-2023.yaml):15:1: has no `actors:` section"),  # file, line
    (["--out", "x.txt"], "must end in .csv, .jsonl or .parquet"),
    (["--resume"], "--resume needs -o/--output"),
])
def test_simulate_refuses_clearly(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["simulate", "--runs", "2", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def _simulated(path: Path, text: str) -> tuple[Path, Result]:
    """`govsim simulate` of a file written with `text`: the file, and what the command did."""
    path.write_text(text)
    return path, runner.invoke(app, ["simulate", str(path), "--runs", "2"])


def test_a_what_if_without_actors_is_named_not_its_base(tmp_path: Path) -> None:
    whatif, result = _simulated(tmp_path / "full-quorum.yaml",
                                "name: full-quorum\ndescription: every director present\n"
                                "base: november-2023\nchanges:\n  - op: bylaws\n"
                                "    set: {quorum: all}\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"govsim: error: {whatif}:1:1: has no `actors:` section")


@pytest.mark.parametrize(("section", "line", "message"), [
    ("  board:\n    directors:\n      tonner: 0.9\n", 7, "did you mean 'toner'"),
    ("  staff:\n    final_share: {triangular: [0.9, 0.5, 1.0]}\n", 6, "low <= mode <= high"),
    ("  staff:\n    final_share: {triangle: [0.1, 0.5, 1.0]}\n", 6, "or a distribution"),
    ("  investor: {who: microsoft, makes_offer: maybe}\n", 5, "must be true or false"),
])
def test_bad_actors_are_reported_at_their_line(tmp_path: Path, section: str, line: int,
                                               message: str) -> None:
    path, result = _simulated(tmp_path / "bad.yaml", "name: bad\ndescription: d\n"
                              f"base: november-2023-actors\nactors:\n{section}")
    assert result.exit_code == 2
    assert f"{path}:{line}" in result.output
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_a_simulate_block_on_a_base_without_actors_is_refused_at_the_block(
        tmp_path: Path) -> None:
    """The refusal comes from the files read, at the block to mend, not later from the study."""
    path, result = _simulated(tmp_path / "q.yaml", "name: q\ndescription: d\n"
                              "base: november-2023\nsimulate:\n  base: november-2023\n")
    assert result.exit_code == 2
    assert f"{path}:4:1: simulate: its base 'november-2023' defines no `actors:`" \
        in result.output, result.output


def test_a_simulate_block_is_checked_at_its_own_lines(tmp_path: Path) -> None:
    path, result = _simulated(tmp_path / "q.yaml", "name: q\ndescription: d\n"
                              "base: november-2023\nsimulate:\n  actors:\n"
                              "    investor: {makes_ofer: false}\n")
    assert result.exit_code == 2
    assert f"{path}:6" in result.output
    assert "makes_ofer" in result.output


@given(st.floats(0, 1))
def test_distributions_stay_in_their_bounds(u: float) -> None:
    import numpy as np

    rng = np.random.default_rng(0)
    assert 1.0 <= Triangular(triangular=(1, 2, 5)).draw(u, rng) <= 5.0
    assert 1.0 <= Uniform(uniform=(1, 3)).draw(u, rng) <= 3.0
    assert 0.5 <= Beta(beta=(2, 3), low=0.5, high=1).draw(u, rng) <= 1.0
    assert Choice(choice=(True, False), p=(0.25, 0.75)).draw(u, rng) is (u < 0.25)


@pytest.mark.parametrize(("value", "words"), [
    (Triangular(triangular=(0.2, 0.372, 0.8)), "triangular 0.2-0.372-0.8"),
    (Uniform(uniform=(1, 3)), "uniform 1-3"),
    (Beta(beta=(20, 2), low=0.9, high=1), "beta(20, 2) on 0.9-1"),
    (Choice(choice=(False, True), p=(0.85, 0.15)), "false 85%, true 15%"),
    (0.123456, "0.1235"), (None, "-"), (True, "true")])
def test_a_stated_distribution_reads_as_written(value: Any, words: str) -> None:
    """The words a manifest, a calibration and a figure give for an assumption's distribution.

    Every parameter in its place (low to high, the mode between, each value with its weight),
    and a fixed value as the tables show it.
    """
    from govsim.parameters import stated

    assert stated(value) == words


def test_central_values() -> None:
    assert Triangular(triangular=(1, 2, 5)).central() == 2
    assert Uniform(uniform=(1, 3)).central() == 2
    assert Beta(beta=(3, 1), low=0, high=2).central() == 1.5
    assert Choice(choice=("a", "b"), p=(0.2, 0.8)).central() == "b"


def test_vary_builds_checked_variants_in_memory() -> None:
    base = govsim.load_scenario("november-2023")
    assert govsim.replay(govsim.vary(base)).summary() == govsim.replay(base).summary()
    no_offer = govsim.vary(base, {"op": "drop", "events": ["microsoft_hires"]})
    assert govsim.replay(no_offer).final.phase is Phase.CRISIS_INTERIM
    with pytest.raises(govsim.ScenarioError, match="did you mean 'microsoft_hires'"):
        govsim.vary(base, {"op": "drop", "events": ["microsoft_hire"]})
    held = govsim.vary(govsim.load_scenario(ACTORS), actors={"board": {"holds": True}})
    assert held.actors is not None
    assert held.actors.board.holds is True
    assert len(held.actors.board.directors) == 4


def test_dask_gives_the_local_table(actors: govsim.Scenario) -> None:
    from govsim.simulate.dask_backend import on_dask
    from govsim.simulate.spans import batches
    from tests.dask_cluster import in_process_cluster

    study = Study(actors, runs=30, seed=6)
    with in_process_cluster() as address:
        remote = ordered(row for item in on_dask(study, address, batches(study.todo(), 8))
                         if item is not None for row in item.rows)
    assert remote == ordered(run_study(study))


def test_plot_outcomes_draws_the_shares_from_the_table(actors: govsim.Scenario,
                                                       tmp_path: Path) -> None:
    from govsim.simulate.figure import outcomes_figure

    out = tmp_path / "r.csv"
    carry_out(Study(actors, runs=80, seed=2, draw_assumptions=True), out=out)
    tally, manifest = tally_table(out)
    figure = outcomes_figure(tally, manifest.model_dump())
    bars = [p for p in figure.axes[0].patches if p.get_gid() == "outcome-shares"]
    (group,) = summarise(read_results(out)[0], {})
    assert [round(b.get_height(), 6) for b in bars] == [round(s.share, 6)
                                                       for s in group.outcomes]
    result = runner.invoke(app, ["plot", "outcomes", str(out), "-o", str(tmp_path / "o.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o.png").read_bytes()[:4] == b"\x89PNG"


def test_plot_outcomes_draws_a_line_per_outcome_against_the_sweep(
        actors: govsim.Scenario, tmp_path: Path) -> None:
    from govsim.simulate.figure import outcomes_figure

    out = tmp_path / "s.jsonl"
    carry_out(Study(actors, runs=30, seed=2, sweep=parse_sweep(["board.formal_hours=50,150"]),
                    draw_assumptions=True), out=out)
    tally, manifest = tally_table(out)
    figure = outcomes_figure(tally, manifest.model_dump())
    lines = figure.axes[0].get_lines()
    assert lines
    assert all(list(line.get_xdata()) == [50.0, 150.0] for line in lines)


def test_plot_outcomes_needs_a_results_table(tmp_path: Path) -> None:
    table = tmp_path / "r.csv"
    table.write_text("a,b\n1,2\n")
    result = runner.invoke(app, ["plot", "outcomes", str(table), "-o", str(tmp_path / "o.png")])
    assert result.exit_code == 2
    assert "manifest" in result.output
    assert not (tmp_path / "o.png").exists()


def test_scheduler_breaks_ties_scripted_first_and_never_goes_back_in_time() -> None:
    """At one instant: scripted events first, then reactions in scheduling order.

    A reaction asked for in the past happens now, never before the clock.
    """
    from govsim.events import Statement
    from govsim.simulate.scheduler import Simulation, fast_executor

    plan = Plan.of(govsim.load_scenario("november-2023"))
    removal = next(at for at, event in plan.scripted if event.id == "remove_altman")
    seen: list[tuple[str, float]] = []

    def note(stem: str) -> Any:
        return lambda at: sim.reaction(Statement, stem, at, by=("board",), summary=stem,
                                       sources=())

    def watch(event: Any, at: float, outcome: Any, now: Any) -> None:
        seen.append((event.id, at))
        if event.id == "remove_altman":
            sim.schedule("past", at - 5, note("past"))

    sim = Simulation(plan, {}, fast_executor(plan), observers=(watch,))
    sim.schedule("second", removal, note("second"))
    sim.schedule("first", removal, note("first"))
    sim.schedule("first", removal, note("first"))  # rescheduled: only the last counts
    sim.run()
    order = [i for i, _ in seen]
    assert order.index("remove_altman") < order.index("r_second") < order.index("r_first")
    assert order.count("r_first") == 1
    assert dict(seen)["r_past"] == removal
    times = [at for _, at in seen]
    assert times == sorted(times)
