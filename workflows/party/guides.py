"""The 25 steps as people read them (DOMAIN §2.3): stage, name, who acts and what is expected."""

from django.utils.translation import gettext_lazy as _

STAGES = {
    1: _("Applying to join"),
    2: _("Cultivating activists"),
    3: _("Development targets"),
    4: _("Admission as probationary member"),
    5: _("Probation and full membership"),
}

# number: (stage, name, what is expected)
STEPS = {
    1: (1, _("Submit the application"), _("The applicant hands in a signed application; age 18 or over.")),
    2: (1, _("Talk with the applicant"), _("The branch talks with the applicant within one month.")),
    3: (2, _("Designate as activist"), _("The branch committee decides, with recommendations and minutes.")),
    4: (2, _("File with the committee"), _("The branch files the activist with the higher committee.")),
    5: (2, _("Appoint trainers"), _("One or two full members are appointed as trainers.")),
    6: (2, _("Cultivation and assessment"), _("Assessed every half year; the activist hands in written reports.")),
    7: (3, _("Designate as development target"), _("After at least one year of cultivation, with opinions gathered.")),
    8: (3, _("File with the committee"), _("The branch files the development target.")),
    9: (3, _("Determine introducers"), _("Exactly two full members with full rights.")),
    10: (3, _("Political review"), _("A written conclusion; without a passed review there is no admission.")),
    11: (3, _("Centralised training"), _("At least three days or 24 class hours.")),
    12: (4, _("Branch committee review"), _("The committee reviews the candidate as a body.")),
    13: (4, _("Committee pre-review"), _("By the committee with approval authority; then the form is issued.")),
    14: (4, _("Fill in the membership form"), _("The applicant fills in the form, guided by the introducers.")),
    15: (4, _("Branch general meeting"), _("More than half of the expected members present, and more than half yes.")),
    16: (4, _("Committee interview"), _("A committee member or organiser talks with the candidate.")),
    17: (4, _("Committee approval"), _("Within three months of the report, at most six.")),
    18: (4, _("File with the higher department"), _("The approval is filed with the next organisation department.")),
    19: (5, _("Assign to branch and group"), _("The new member joins a party group.")),
    20: (5, _("Oath"), _("The oath before the party flag.")),
    21: (5, _("Continued education"), _("One year of probation from the admission meeting.")),
    22: (5, _("Apply for full membership"), _("The member applies when probation ends.")),
    23: (
        5,
        _("Branch general meeting on probation"),
        _("Full membership, an extension (once, 6–12 months) or cancellation."),
    ),
    24: (5, _("Committee decision"), _("Within three months; party standing starts when probation ends.")),
    25: (5, _("Archive the materials"), _("The mandatory materials go to the file.")),
}


def timeline(done: dict[int, str], current: set[int]) -> list[dict]:
    """Each step with its state: done (with its date), current, or waiting."""
    rows = []
    for number, (stage, name, expected) in STEPS.items():
        state = "done" if number in done else "current" if number in current else "waiting"
        rows.append(
            {
                "number": number,
                "stage": STAGES[stage],
                "stage_number": stage,
                "name": name,
                "expected": expected,
                "state": state,
                "date": done.get(number),
            }
        )
    return rows
