"""The client-book import at dataset size (DESIGN.md: 10,000 accounts with 20,000 contacts in at
most 60 s, the web worker under 150 MB), measured through the pages an owner clicks: upload the
file, wait for the dry run behind its progress bar, import, wait for the import to end.

The file is what a Spanish firm's Excel writes: Windows-1252, `;`-separated, CRLF, Spanish
headers, accented names, valid NIFs (DNI numbers with their check letter), each account on two
rows with one contact each. What the import writes is deleted again afterwards, so every run
starts from the same data (the tallies follow, through their triggers)."""

import csv
import io
import re
import time

from stdnum.es import dni

from bench.generate import PASSWORD
from bench.http import Session
from portico.clientbook.models import ClientImport
from portico.clients.models import ClientAccount, Contact
from portico.core.models import HistoryEvent

HEADER = [
    "Nombre del cliente",
    "Tipo",
    "NIF",
    "Dirección",
    "Código postal",
    "Ciudad",
    "Nombre del contacto",
    "Apellidos",
    "Correo electrónico",
    "Teléfono",
]
SURNAMES = ["Núñez", "Peña", "Ibáñez", "Muñoz", "Sáenz", "Lœwen", "Güell", "Castaño"]
CITIES = ["Logroño", "Cádiz", "Málaga", "A Coruña", "Ávila", "León"]
STATE = ClientImport.State
# Taken out after the run, children first (an account's links, a contact's emails and
# switches go with them by cascade).
WRITTEN = [HistoryEvent, ClientImport, Contact, ClientAccount]


def client_book(accounts: int, contacts_per_account: int = 2, first: int = 0) -> bytes:
    """A client book of `accounts` new companies, each with `contacts_per_account` contacts on
    their own rows, encoded as cp1252 with `;` and CRLF. Names, NIFs and emails are unique and
    numbered from `first`: no account or contact of the bench firm matches them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for n in range(first, first + accounts):
        number = f"{90_000_000 + n:08d}"
        nif = number + dni.calc_check_digit(number)
        surname = SURNAMES[n % len(SURNAMES)]
        account = [f"Importación {surname} {n:05d} S.L.", "Empresa", nif]
        account += [f"Calle Mayor {n % 200 + 1}", f"{28000 + n % 1000:05d}", CITIES[n % 6]]
        for c in range(contacts_per_account):
            contact = ["José" if c == 0 else "Begoña", f"{surname} {c}"]
            contact += [f"import{n}-{c}@importacion.example", f"+34 600 {n % 1000:03d} {c:03d}"]
            writer.writerow(account + contact)
    return out.getvalue().encode("cp1252")


def measure(base, web_pid, worker_pids, accounts=10_000, timeout=600):
    """Import `accounts` accounts with twice as many contacts as the owner, then take them out
    again: {"accounts", "bytes", "state", "check_s", "import_s", "total_s", "web_mb_peak",
    "worker_mb_peak", "accounts_created", "contacts_created"} — seconds from the upload to the
    dry run's report, from the click on Import to the end, and both; the largest resident set
    (MB) of a web worker and of a task worker meanwhile, sampled every 0.2 s."""
    since = {model: _last_id(model) for model in WRITTEN}
    try:
        result = _measure(base, web_pid, worker_pids, accounts, timeout)
        for key, model in (("accounts_created", ClientAccount), ("contacts_created", Contact)):
            result[key] = model.objects.filter(pk__gt=since[model]).count()
        return result
    finally:
        for model in WRITTEN:
            model.objects.filter(pk__gt=since[model]).delete()


def _measure(base, web_pid, worker_pids, accounts, timeout):
    from bench import run

    data = client_book(accounts)
    session = Session(base)
    session.sign_in("owner@bench.example", PASSWORD)

    def task_workers():
        return max(run.rss_mb(pid) for pid in worker_pids)

    with run.peaks(web=lambda: run.worker_memory_mb(web_pid), worker=task_workers) as peaks:
        started = time.monotonic()
        job = _upload(session, data)
        _wait(job, {STATE.CHECKED, STATE.FAILED}, started + timeout)
        checked = time.monotonic()
        _, _, page = session.get(f"/clients/import/{job}/")
        token = _token(page)
        session.post(f"/clients/import/{job}/run/", {"csrfmiddlewaretoken": token})
        state = _wait(job, {STATE.DONE, STATE.FAILED}, checked + timeout)
        finished = time.monotonic()
    return {
        "accounts": accounts,
        "bytes": len(data),
        "check_s": round(checked - started, 1),
        "import_s": round(finished - checked, 1),
        "total_s": round(finished - started, 1),
        "state": state,
        "web_mb_peak": peaks["web"],
        "worker_mb_peak": peaks["worker"],
    }


def _upload(session, data) -> int:
    """POST the file as the import page's form does; the new job's id."""
    _, _, page = session.get("/clients/import/")
    boundary = "----portico-bench-import"
    body = b"".join(
        [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{_token(page)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="clientes.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    status, headers = session.post_raw(
        "/clients/import/", body, f"multipart/form-data; boundary={boundary}"
    )
    found = re.search(r"/clients/import/(\d+)/", headers.get("Location", ""))
    if status != 302 or not found:
        raise RuntimeError(f"the upload was refused ({status})")
    return int(found.group(1))


def _wait(job_id, states, deadline) -> str:
    while time.monotonic() < deadline:
        state = ClientImport.objects.filter(pk=job_id).values_list("state", flat=True).get()
        if state in states:
            return state
        time.sleep(0.1)
    raise RuntimeError(f"import {job_id} did not reach {sorted(states)} in time")


def _token(page) -> str:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()


def _last_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
