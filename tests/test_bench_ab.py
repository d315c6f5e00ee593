"""The A/B bench's pieces that run without serving (bench/ab.py, bench/checkout.py): its copies of
the data, the checkout's resolution, and the Before and after section it writes."""

import sqlite3
from pathlib import Path

import pytest

from bench import checkout, report


def ab_result(base_ms, head_ms, budget="clients"):
    page = {"p50": 1.0, "max": 9.0, "queries": 9}
    return {
        "label": "SQLite",
        "size": "S",
        "date": "2026-11-29",
        "rounds": 60,
        "base": "`abc1234` (before)",
        "head": "`def5678` (after)",
        "cpu_reference": {
            "before": {"min_ms": 30, "median_ms": 31},
            "after": {"min_ms": 30, "median_ms": 32},
        },
        "pages": [
            {
                "budget": budget,
                "label": f"Page {n}",
                "path": "/clients/",
                "base": {**page, "p95": b},
                "head": {**page, "p95": h},
                "ratio": round(h / b, 2),
            }
            for n, (b, h) in enumerate(zip(base_ms, head_ms, strict=True))
        ],
    }


def test_the_clients_page_verdict_is_on_its_pages_p95_summed():
    within = "\n".join(report.ab_table(ab_result([10, 20], [12, 21])))  # 33 / 30 = 1.10
    assert "| Page 0 | 10 | 12 | 1.20 | 1.0 → 1.0 | 9 → 9 |" in within
    assert "HEAD / BASE **1.10** ✅" in within
    over = "\n".join(report.ab_table(ab_result([10, 20], [12, 22])))  # 34 / 30
    assert "**1.13** ❌" in over
    calendar_only = "\n".join(report.ab_table(ab_result([10], [30], budget="calendar")))
    assert "Clients page" not in calendar_only


def test_the_section_goes_before_the_notes_and_replaces_the_last_one():
    text = "# Performance\n\n### SQLite\n\n| table |\n\n## What the dataset holds\n\nNotes."
    first = report.with_before_after(text, report.before_after([ab_result([10], [11])]))
    assert first.index("## Before and after") < first.index("## What the dataset holds")
    assert first.startswith("# Performance\n\n### SQLite")
    second = report.with_before_after(first, report.before_after([ab_result([10], [30])]))
    assert second.count("## Before and after") == 1
    assert "| Page 0 | 10 | 30 | 3.00 |" in second and "| 10 | 11 |" not in second
    assert second.endswith("## What the dataset holds\n\nNotes.")


def test_a_sqlite_copy_holds_what_the_wal_holds_and_the_source_is_not_written(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    db = sqlite3.connect(source / "portico.sqlite3")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")  # the rows stay in the WAL
    db.execute("CREATE TABLE t (n INTEGER)")
    db.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(1000)])
    db.commit()
    before = {p.name: p.stat().st_mtime_ns for p in source.iterdir()}

    checkout.copy_sqlite(source, tmp_path / "copy")

    copy = sqlite3.connect(tmp_path / "copy" / "portico.sqlite3")
    assert copy.execute("SELECT COUNT(*), SUM(n) FROM t").fetchone() == (1000, 499500)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert {p.name: p.stat().st_mtime_ns for p in source.iterdir()} == before
    db.close()


def test_an_unknown_base_is_said_so():
    with pytest.raises(ValueError, match="no commit 'no-such-rev'"):
        checkout.resolve("no-such-rev")
    assert checkout.resolve("HEAD") == checkout.git("rev-parse", "HEAD")


def test_each_side_runs_its_own_tree_on_its_own_data(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/portico")
    base = checkout.Side("BASE", "abc", Path("/src"), Path("/py"), Path("/var/base"), None)
    env = base.env()
    assert env["PYTHONPATH"] == "/src" and env["PORTICO_VAR_DIR"] == "/var/base"
    assert "DATABASE_URL" not in env  # SQLite in its VAR_DIR
    url = checkout.with_database("postgres://postgres@127.0.0.1:5432/portico", "portico_ab_base")
    assert url == "postgres://postgres@127.0.0.1:5432/portico_ab_base"
    assert (
        checkout.Side("BASE", "abc", Path("/src"), Path("/py"), Path("/v"), url).env()[
            "DATABASE_URL"
        ]
        == url
    )
