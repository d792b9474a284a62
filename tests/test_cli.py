"""The command line, run in-process with Typer's runner on real database files."""
import json

from typer.testing import CliRunner

from realpolitik.cli import app

runner = CliRunner()
STORY = ("Kyrgyz President Sadyr Japarov hosted Vladimir Putin at the Kant air base on October 12, 2023. "
         "Putin said Russia would keep its aircraft in Kyrgyzstan.")


def run(*args, input=None):
    return runner.invoke(app, list(map(str, args)), input=input)


def test_ingest_export_and_actor_commands(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--db", db)
    assert result.exit_code == 0, result.output
    assert "1 ingested" in result.output
    again = run("ingest", tmp_path / "a.txt", "--db", db)
    assert "0 ingested / 1 duplicate" in again.output
    exported = run("export", "--db", db, "--format", "jsonl")
    kinds = {json.loads(line)["kind"] for line in exported.stdout.splitlines()}
    assert {"document", "actor", "mention"} <= kinds
    shown = run("actors", "show", "Putin", "--db", db)
    assert shown.exit_code == 0 and "person.vladimir-putin" in shown.stdout
    assert run("actors", "merge", "Vladimir Putin", "Sadyr Japarov", "--db", db).exit_code == 0
    assert run("actors", "split", "Sadyr Japarov", "--db", db).exit_code == 0
    missing = run("actors", "show", "Nobody Known", "--db", db)
    assert missing.exit_code == 6 and "no actor named" in missing.output
    listed = run("actors", "list", "--db", db)
    assert "Kyrgyzstan" in listed.stdout


def test_ingest_from_stdin_and_failures_set_the_exit_code(tmp_path):
    db = tmp_path / "c.db"
    result = run("ingest", "-", "--db", db, input=json.dumps({"text": STORY, "title": "Kant"}) + "\n{bad\n")
    assert result.exit_code == 1
    assert "1 ingested" in result.output and "<stdin>:2" in result.output


def test_export_csv_and_bad_format(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db)
    assert run("export", "--db", db, "--format", "csv", "--out", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "actors.csv").exists()
    assert run("export", "--db", db, "--format", "xml").exit_code != 0


def test_code_prints_one_line_per_input():
    lines = [json.dumps({"id": "s1", "text": "Russian jets bombed rebel positions near Idlib on Monday.",
                         "date": "2019-05-07"}),
             json.dumps({"id": "s2", "text": "The weather was mild."})]
    result = run("code", input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["s1", "s2"]
    [event] = [e for e in out[0]["events"] if e["type"] == "ASSAULT"]
    assert event["source"]["country"] == "RUS" and event["mode"] == "aerial" and event["date"] == "2019-05-06"
    assert out[1]["events"] == []


def test_bad_registry_file_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    bad = tmp_path / "actors.yaml"
    bad.write_text("- {name: X, type: nonsense}\n", encoding="utf-8")
    result = run("ingest", tmp_path / "a.txt", "--db", tmp_path / "c.db", "--actors", bad)
    assert result.exit_code == 3 and "actors.yaml" in result.output


def test_demo_builds_a_database_and_prints_a_briefing(tmp_path):
    result = run("demo", "--db", tmp_path / "demo.db")
    assert result.exit_code == 0, result.output
    assert "Top actors" in result.stdout and "Taliban" in result.stdout
    assert "13 documents" in result.stdout


def test_relation_timeline(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(
        "Published on 3 May 2019.\n\nKazakh troops attacked Kyrgyz border posts on May 1, 2019.\n\n"
        "In June 2020, Kazakhstan and Kyrgyzstan signed a border agreement in Astana.", encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db)
    result = run("relation", "Kazakhstan", "Kyrgyzstan", "--db", db)
    assert result.exit_code == 0, result.output
    assert "2019" in result.stdout and "2020" in result.stdout and "ASSAULT" in result.stdout


def test_actor_profile_and_balance(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(
        "Published on 3 May 2019.\n\nKazakh troops attacked the Valley Front in Shymkent on May 1, 2019.\n\n"
        "Uzbek forces also attacked the Valley Front, and Kazakhstan met Uzbekistan in Tashkent.", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name: Valley Front, type: armed_group}\n", encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db, "--actors", mine)
    profile = run("actor", "Valley Front", "--db", db)
    assert profile.exit_code == 0, profile.output
    assert "ASSAULT" in profile.stdout and "Kazakhstan" in profile.stdout
    balanced = run("balance", "--db", db, "--actor", "Kazakhstan")
    # two states against one group, and meeting each other: balanced, so nothing to predict
    assert balanced.exit_code == 0 and "no unbalanced or open triads" in balanced.stdout
    assert run("balance", "--db", db, "--actor", "Nobody Known").exit_code != 0


def test_relation_plot(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text("Published on 3 May 2019.\n\nKazakh troops attacked Kyrgyz border posts on "
                                    "May 1, 2019.", encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db)
    plot = tmp_path / "trend.png"
    result = run("relation", "Kazakhstan", "Kyrgyzstan", "--db", db, "--plot", plot)
    assert result.exit_code == 0 and plot.stat().st_size > 1000


def test_reingesting_after_an_upgrade_points_to_reextract(tmp_path):
    from realpolitik.store import schema
    from realpolitik.store.db import Store

    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db)
    with Store(str(db)).engine.begin() as connection:  # as if an older release had extracted it
        connection.execute(schema.documents.update().values(extractor="older"))
    again = run("ingest", tmp_path / "a.txt", "--db", db)
    assert "1 stored documents were extracted by another version" in again.output
    renewed = run("reextract", "--db", db)
    assert renewed.exit_code == 0 and "1 re-extracted / 0 failed" in renewed.output
    assert "another version" not in run("ingest", tmp_path / "a.txt", "--db", db).output


def test_actor_profile_tells_when_a_group_governs_a_state(tmp_path):
    db = tmp_path / "c.db"
    (tmp_path / "a.txt").write_text("Published on 3 May 2022.\n\nRussia met the Taliban in Moscow on May 1, 2022.",
                                    encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db)
    profile = run("actor", "Taliban", "--db", db)
    assert profile.exit_code == 0 and "governs AFG 1996-09 to 2001-11; AFG since 2021-08" in profile.stdout
