"""``corridor solve schedule FILE.json``: the documented format in and out, bad input named."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

from corridor import cli
from corridor.engines.schedule import Instance, Meeting, Placement, check, solve_json

SIX = {
    "n_slots": 6,
    "capacity": [1, 1, 1, 2, 0, 0],
    "meetings": [
        [1, 4, 5, 2, 3, 6],
        [2, 8, 2, 0, 0, 2],
        [4, 0, 1, 2, 2, 1],
        [10, 7, 3, 3, 3, 3],
        [13, 0, 2, 2, 0, 6],
        [31, 3, 1, 3, 2, 2],
        [34, 2, 4, 0, 2, 5],
    ],
    "availability": {
        "0": [1, 3],
        "1": [2, 3],
        "2": [0, 1],
        "3": [1, 2, 3],
        "4": [0, 4],
        "5": [0],
        "7": [2, 3],
    },
}


def instance_of(data) -> Instance:
    meetings = tuple(Meeting(*row) for row in data["meetings"])
    av = {int(k): frozenset(v) for k, v in data.get("availability", {}).items()}
    fixed = {int(k): tuple(v) for k, v in data.get("fixed", {}).items()}
    return Instance(meetings, data["n_slots"], tuple(data["capacity"]), av, fixed, data.get("rooms"))


def run_cli(tmp_path, data, *extra):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return subprocess.run(
        [sys.executable, "-m", "corridor.cli", "solve", "schedule", str(path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_solves_the_six_slot_case(tmp_path):
    data = dict(SIX, availability=dict(SIX["availability"], **{"8": [1, 2]}))
    out = run_cli(tmp_path, data, "--time-limit", "5")
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["objective"] == 5 == answer["bound"] and answer["optimal"] is True
    placements = [Placement(*p) for p in answer["placements"]]
    assert check(instance_of(data), placements) == []
    assert set(answer["unplaced"]) == {"1", "13"}


def test_cli_hybrid_rooms_and_fixed(tmp_path):
    data = {
        "n_slots": 2,
        "capacity": [1, 1],
        "rooms": [1, 1],
        "meetings": [[1, 1, 2, 10, 20, 1, "table"], [2, 1, 3, 10, 30, 1, "room"], [3, 4, 5, 40, 50, 1]],
        "availability": {"3": [1]},
        "fixed": {"3": [1, 0]},
    }
    out = run_cli(tmp_path, data)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    # meeting 3 keeps slot 1's only table, so X-Y goes to slot 0 and X-Z to slot 1's room
    assert sorted(answer["placements"]) == [[1, 0, 0], [2, 1, 0], [3, 1, 0]]
    assert answer["optimal"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"n_slots": "6"}, "n_slots"),
        ({"capacity": [1, 1]}, "capacity"),
        ({"capacity": [1, 1, 1, 2, 0, -1]}, "capacity[5]"),
        ({"meetings": [[1, 4, 5, 2, 3]]}, "meetings[0]"),
        ({"meetings": [[1, 4, 5, 2, 3, "heavy"]]}, "meetings[0][5]"),
        ({"meetings": [[1, 4, 4, 2, 3, 1]]}, "meetings[0][2]"),
        ({"meetings": [[1, 4, 5, 2, 3, 1], [1, 6, 7, 2, 3, 1]]}, "meetings[1][0]"),
        ({"meetings": [[1, 4, 5, 2, 3, 1, "room"]]}, "rooms"),
        ({"meetings": [[1, 4, 5, 2, 3, 1, "boat"]]}, "meetings[0][6]"),
        ({"availability": {"0": [9]}}, "availability.0[0]"),
        ({"availability": {"x": [1]}}, "availability"),
        ({"fixed": {"99": [0, 0]}}, "fixed.99"),
        ({"fixed": {"1": [0, 5]}}, "fixed"),
        ({"colour": 1}, "colour"),
    ],
)
def test_bad_input_names_the_field(tmp_path, change, field):
    out = run_cli(tmp_path, dict(SIX, **change))
    assert out.returncode == 2 and out.stdout == ""
    assert json.loads(out.stderr)["errors"][0]["field"] == field


def test_not_json_and_missing_file(tmp_path):
    out = run_cli(tmp_path, "{not json")
    assert out.returncode == 2 and json.loads(out.stderr)["errors"][0]["field"] == "file"
    assert cli.solve(["schedule", str(tmp_path / "missing.json")]) == 2


def test_bad_time_limit(tmp_path):
    out = run_cli(tmp_path, SIX, "--time-limit", "0")
    assert out.returncode == 2 and json.loads(out.stderr)["errors"][0]["field"] == "--time-limit"


def test_engine_without_entry_point_answers_a_clear_error(monkeypatch, tmp_path, capsys):
    path = tmp_path / "i.json"
    path.write_text("{}")
    monkeypatch.setattr(cli.importlib, "import_module", lambda name: types.ModuleType(name))
    assert cli.solve(["stable", str(path)]) == 2
    err = json.loads(capsys.readouterr().err)["errors"][0]
    assert err["field"] == "engine" and "solve_json" in err["message"]


def test_solve_json_in_process_matches_the_format():
    answer = solve_json(SIX, 5)
    assert set(answer) >= {"placements", "objective", "bound", "optimal"}
    assert answer["objective"] == len(answer["placements"]) <= answer["bound"]


def test_solver_stdout_is_only_json_no_highs_banner():
    """HiGHS prints a banner from C on the first model of a process; the CLI output stays JSON."""
    code = (
        "import json, sys\n"
        "from corridor.engines.schedule.bound import new_highs\n"
        "new_highs(); new_highs()\n"
        "print(json.dumps({'ok': True}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HiGHS" not in out.stdout
    assert json.loads(out.stdout) == {"ok": True}
