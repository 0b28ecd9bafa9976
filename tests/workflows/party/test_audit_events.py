"""Every action of the party process writes exactly one audit event: ``run`` (conftest) holds that on every action
a party test runs, and the walkthrough (test_api_walkthrough.py) checks each event's DOMAIN §1.2 fields."""


def test_every_party_action_is_run_somewhere_in_this_suite():
    """``run`` (conftest) checks the one-event invariant on every action it runs; this makes sure that covers
    every action code of the process."""
    from pathlib import Path

    from workflows.party.actions import ACTIONS

    sources = "".join(p.read_text() for p in Path(__file__).parent.glob("*.py"))
    missing = [code for code in ACTIONS if f'"{code}"' not in sources]
    assert missing == []
