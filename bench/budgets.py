"""DESIGN.md's budgets: page -> (p95 ms, max SQL queries or None where none is set)."""

BUDGETS = {
    "clients": (30, 10),
    "info": (30, None),
    "overview": (50, None),
    "calendar": (30, 10),
    "feed": (200, None),
    "billing_tab": (30, 10),
    "billing": (50, 10),
    "activity": (30, 10),
    "home": (50, None),
}

# Issue 16: after a change of the house, the Clients page no more than 10 % slower (bench/ab.py).
CLIENTS_SLOWER_AT_MOST = 1.10
