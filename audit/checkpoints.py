"""Signed checkpoints of the audit trail, kept OUTSIDE the database (issue 15 item 3b).

A hash chain proves that the events it holds belong together; it cannot prove that none are missing after its
last one, nor that a table emptied by TRUNCATE ever held any. So every so often (the periodic job, the console's
verify button, manage.py verify_audit / audit_checkpoint) an intact verification writes what it verified: each
chain's event count and head hash, the total and the highest id, into a file of the checkpoint store
(settings.AUDIT_CHECKPOINT_DIR). Verification compares the table with the latest checkpoint: a chain shorter than
recorded (a deleted tail), an empty table (truncated), another event where the head was, are each named.

The store is append-only: files are numbered, created exclusively (a second writer of the same number fails),
read-only once written, and never rewritten. Each file is HMAC-signed with the audit key (key id inside) and names
the signature of the one before, so a file edited, removed from the middle or re-ordered is found. A full
checkpoint lists every chain; the ones in between list only the chains that changed since the previous one
(settings.AUDIT_CHECKPOINT_FULL_EVERY), so the store grows with the trail's changes, not with its size times the
number of checkpoints. The state is rebuilt from the latest full checkpoint and the partial ones after it; files
before that full one are history (keep them, or archive them: verification does not need them).

A checkpoint is never written from a trail that does not verify against the previous one: the evidence of a
deleted tail stays in the store until someone looks.
"""

import datetime
import gzip
import hashlib
import hmac
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from audit.chain import UnknownKey, current_key_id, key_for

FORMAT = "stepwise-audit-checkpoint-1"
NAME = re.compile(r"^(\d{10})\.json\.gz$")


@dataclass
class Store:
    """The state rebuilt from the store: {(process, case_id): (count, head)}, the latest checkpoint's header,
    and what was wrong with the store itself (findings of kind "checkpoint")."""

    state: dict = field(default_factory=dict)
    latest: dict | None = None
    findings: list = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.latest is None:
            return ""
        return f"{self.latest['sequence']} ({self.latest['created_at']})"


def directory() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _sort_key(item):
    (process, case_id), _value = item
    return (process, -1 if case_id is None else case_id)


def state_digest(state: dict) -> str:
    digest = hashlib.sha256()
    for (process, case_id), (count, head) in sorted(state.items(), key=_sort_key):
        digest.update(f"{process}:{'-' if case_id is None else case_id}:{count}:{head}\n".encode())
    return digest.hexdigest()


def _canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _sign(body: dict, key_id: str) -> str:
    message = b"stepwise-audit-checkpoint\n" + key_id.encode() + b"\n" + _canonical(body)
    return hmac.digest(key_for(key_id), message, "sha256").hex()


def _files() -> list[tuple[int, Path]]:
    folder = directory()
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), folder / name) for name in os.listdir(folder) if (m := NAME.match(name))]
    return sorted(found)


def _read(path: Path) -> dict:
    """A checkpoint's content, its signature checked; ValueError says what is wrong."""
    try:
        document = json.loads(gzip.decompress(path.read_bytes()))
        body, mac, key_id = document["body"], document["mac"], document["key_id"]
    except (OSError, ValueError, KeyError, TypeError, EOFError) as error:
        raise ValueError(f"unreadable: {error}") from None
    try:
        good = hmac.compare_digest(mac, _sign(body | {"key_id": key_id}, key_id))
    except UnknownKey:
        raise ValueError(f"signed with an unknown key {key_id!r}") from None
    if not good or body.get("format") != FORMAT:
        raise ValueError("its signature does not match its content")
    return body | {"mac": mac}


def load() -> Store:
    """The latest checkpoint's state: from its full checkpoint through every partial one up to it, each checked
    (signature, number, link to the one before, the state digest it recorded)."""
    store = Store()
    files = _files()
    if not files:
        return store
    try:
        latest = _read(files[-1][1])
    except ValueError as error:
        store.findings.append({"kind": "checkpoint", "sequence": files[-1][0], "problem": str(error)})
        return store
    by_number = dict(files)
    previous_mac, state = None, {}
    for number in range(latest["base"], latest["sequence"] + 1):
        path = by_number.get(number)
        if path is None:
            store.findings.append({"kind": "checkpoint", "sequence": number, "problem": "missing"})
            return store
        try:
            body = latest if number == latest["sequence"] else _read(path)
        except ValueError as error:
            store.findings.append({"kind": "checkpoint", "sequence": number, "problem": str(error)})
            return store
        if body["sequence"] != number or (previous_mac is not None and body["previous"] != previous_mac):
            store.findings.append({"kind": "checkpoint", "sequence": number, "problem": "not linked to the one before"})
            return store
        if body["kind"] == "full":
            state = {}
        for process, case_id, count, head in body["chains"]:
            state[(process, case_id)] = (count, head)
        if state_digest(state) != body["state"]:
            store.findings.append({"kind": "checkpoint", "sequence": number, "problem": "its state does not add up"})
            return store
        previous_mac = body["mac"]
    store.state, store.latest = state, latest
    return store


def verify_store() -> list[dict]:
    """Every file of the store, from the first: signature, numbering and links (manage.py audit_checkpoint
    --verify-store). Returns the problems found; empty when the store is whole."""
    problems, previous_mac, expected = [], None, None
    for number, path in _files():
        if expected is not None and number != expected:
            problems.append({"kind": "checkpoint", "sequence": expected, "problem": "missing"})
            previous_mac = None
        try:
            body = _read(path)
        except ValueError as error:
            problems.append({"kind": "checkpoint", "sequence": number, "problem": str(error)})
            previous_mac, expected = None, number + 1
            continue
        if previous_mac is not None and body["previous"] != previous_mac:
            problems.append({"kind": "checkpoint", "sequence": number, "problem": "not linked to the one before"})
        previous_mac, expected = body["mac"], number + 1
    return problems


def write(observed: dict, store: Store, *, total: int, max_id: int) -> Path | None:
    """A new checkpoint of ``observed`` ({(process, case_id): (count, head)}, from an intact verification
    against ``store``), or None when nothing changed since the latest one. Partial unless the full checkpoint
    it would build on is AUDIT_CHECKPOINT_FULL_EVERY checkpoints old (or there is none)."""
    latest = store.latest
    if latest is not None and observed == store.state:
        return None
    sequence = 1 if latest is None else latest["sequence"] + 1
    full = latest is None or sequence - latest["base"] >= settings.AUDIT_CHECKPOINT_FULL_EVERY
    if full:
        chains = observed
    else:
        chains = {key: value for key, value in observed.items() if store.state.get(key) != value}
    key_id = current_key_id()
    body = {
        "format": FORMAT,
        "sequence": sequence,
        "kind": "full" if full else "partial",
        "base": sequence if full else latest["base"],
        "previous": latest["mac"] if latest is not None else "",
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "total": total,
        "max_id": max_id,
        "chains": [[p, c, n, h] for (p, c), (n, h) in sorted(chains.items(), key=_sort_key)],
        "state": state_digest(observed),
    }
    mac = _sign(body | {"key_id": key_id}, key_id)
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sequence:010d}.json.gz"
    data = gzip.compress(json.dumps({"body": body, "key_id": key_id, "mac": mac}).encode(), compresslevel=6)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".writing-", delete=False) as temporary:
        temporary.write(data)
        temporary.flush()
        os.fsync(temporary.fileno())
    try:
        os.chmod(temporary.name, 0o440)
        os.link(temporary.name, target)  # fails if that number exists: another writer got there first
    except FileExistsError:
        return None
    finally:
        os.unlink(temporary.name)
    return target
