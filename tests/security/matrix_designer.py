"""The permission matrix's entries for designed processes (issue #18): the designer's pages and API (流程设计) and the
cases of designed processes (the kit's pages and API for the process "designed"). tests/security/matrix.py adds
them to MATRIX; the world's definitions and cases are made by tests/security/designed.py.

In each county the bureau's process administrator (the "designer" of the home tree) designs a definition of the
bureau, shared below it with no starter rules: everyone with a role in the county may start it. So:

- designing (the designer pages and API on a definition): the county's designer; 403 to whoever may start it; 404
  to anyone else (the other county). The designer of one county is, in the other, nobody (404).
- a designed case (the home teacher's, waiting for the member school's lead after a copy to the branch
  secretary): DESIGNED_SEERS see it (initiator, the person asked, the person copied, holders of see_cases above it,
  the definition's designer); 404 to anyone else. Acting needs one's turn (403 to other seers), withdrawing needs
  to be its initiator.
"""

from tests.security.designed import definition_export, designed_document
from tests.security.matrix import (
    Check,
    Entry,
    api,
    each,
    foreign,
    get,
    not_allowed,
    other_county_filter,
    page,
    post,
    tree,
)

# Who sees the home designed case: its initiator, the member school's lead (asked; sees cases there), the branch
# secretary (copied), the bureau's sections, auditor and organisation administrator (see cases above it) and the
# definition's designer.
DESIGNED_SEERS = ("teacher", "member_lead", "secretary", "basic_edu", "leading", "auditor", "org_admin", "designer")


def definition(world, scope, role):
    return {"pk": tree(world, scope).definition.pk}


def designed_case(world, scope, role):
    return {"pk": tree(world, scope).designed.pk}


def designed_step(action: str):
    return lambda world, scope, role: {"pk": tree(world, scope).designed.pk, "action": action}


def new_definition(world, scope, role):
    """A new definition owned by the tree's bureau (the other county's, with ``foreign``)."""
    return {"code": "matrix-new", "name": "矩阵新流程", "owner": tree(world, scope).bureau.pk}


def imported(world, scope, role):
    """The home definition's export, imported under a new code into the tree's bureau."""
    return {
        "owner": tree(world, scope).bureau.pk,
        "code": "matrix-imported",
        "definition": definition_export(world.home),
    }


def draft(world, scope, role):
    return {"document": designed_document(tree(world, scope), name="矩阵草稿")}


def sample(world, scope, role):
    """A document to check or simulate, with the tree's teacher as the initiator (the home document)."""
    return {"document": designed_document(world.home), "initiator": tree(world, scope).teacher.pk}


def started(world, scope, role):
    return {"definition": tree(world, scope).definition.pk, "values": {"reason": "矩阵", "days": "1"}}


def step_data(action: str, data: dict):
    """A check on one step of the case (``action`` in the URL) with the step page's or the API's input."""
    return {"kwargs": designed_step(action), "data": data}


APPROVE, WITHDRAW = step_data("approve", {"comment": "同意"}), step_data("withdraw", {"reason": "不去了"})


def definition_entry(method, ok: int, *, anonymous: int, unchanged: bool = False, data=None) -> Entry:
    """One request on one definition: ``ok`` for the home designer on the home definition, 403 to whoever may start
    it, 404 to the other county; the same the other way round (the outsider may start the foreign one).
    ``unchanged``: even the designer's success changes nothing (opening what is open)."""
    expect = page if anonymous == 302 else api
    checks = [
        Check(method, expect(403, designer=ok, outsider=404), data=data, unchanged=unchanged),
        Check(method, expect(404, outsider=403), scope="foreign", data=data),
    ]
    if method != "get":
        checks.insert(0, not_allowed(anonymous=anonymous))
    return Entry(tuple(checks), definition)


DESIGNER_MATRIX: dict[str, Entry] = {
    # The designer's pages (/designer/)
    "designer-list": Entry((get(page(403, designer=200)), post(page(403, designer=422)))),
    "designer-edit": definition_entry("get", 200, anonymous=302),
    "designer-versions": definition_entry("get", 200, anonymous=302),
    "designer-settings": Entry(  # the definition's facts; an empty form: 422
        (
            get(page(403, designer=200, outsider=404)),
            post(page(403, designer=422, outsider=404)),
            foreign(get(page(404, outsider=403))),
            foreign(post(page(404, outsider=403))),
        ),
        definition,
    ),
    "designer-publish": definition_entry("post", 302, anonymous=302),
    "designer-disable": definition_entry("post", 302, anonymous=302),
    "designer-enable": definition_entry("post", 302, anonymous=302, unchanged=True),  # it is open already
    "designer-export": definition_entry("get", 200, anonymous=302),  # a JSON file
    # The designer's API (/api/v1/designer/)
    "api-designer-schema": Entry((get(api(200, anonymous=200)),)),  # the document format: public
    "api-designer-definitions": Entry(
        (
            get(api(403, designer=200)),
            post(api(403, designer=201), data=new_definition),
            # An owner in the other county: not one where the designer designs (403 owner_not_allowed, the same
            # answer as for an organisation that does not exist); the outsider designs nowhere.
            foreign(post(api(403), data=new_definition)),
        )
    ),
    "api-designer-import": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, designer=201), data=imported),
            foreign(post(api(403), data=imported)),
        )
    ),
    "api-designer-definition": Entry(
        (
            get(api(403, designer=200, outsider=404)),
            Check("patch", api(403, designer=200, outsider=404), data={"name": "改名"}),
            foreign(get(api(404, outsider=403))),
            foreign(Check("patch", api(404, outsider=403), data={"name": "改名"})),
        ),
        definition,
    ),
    "api-designer-draft": definition_entry("put", 200, anonymous=401, data=draft),
    "api-designer-publish": definition_entry("post", 200, anonymous=401),
    "api-designer-enable": definition_entry("post", 200, anonymous=401, unchanged=True),  # it is open already
    "api-designer-disable": definition_entry("post", 200, anonymous=401),
    "api-designer-export": definition_entry("get", 200, anonymous=401),
    "api-designer-validate": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, designer=200), data=lambda w, s, r: {"document": sample(w, s, r)["document"]}),
            # A sample initiator of the other county: outside the designer's reach, named in no answer.
            foreign(
                post(
                    api(403, designer=400),
                    data=lambda w, s, r: {
                        "document": sample(w, s, r)["document"],
                        "sample_initiator": w.foreign.teacher.pk,
                    },
                )
            ),
        )
    ),
    "api-designer-simulate": Entry(
        (
            not_allowed(anonymous=401),
            post(api(403, designer=200), data=sample),
            foreign(post(api(403, designer=400), data=sample)),
        )
    ),
    # Searching "ZZ" matches both counties' names: the answer may show only the designer's own.
    "api-designer-people": Entry((get(api(403, designer=200), data={"q": "ZZ"}),)),
    "api-designer-organisations": Entry((get(api(403, designer=200), data={"q": "ZZ"}),)),
    # Designed cases: pages (/designed/)
    "designed-case-list": Entry((get(page(), data=other_county_filter),)),
    "designed-start": Entry((get(page()),)),  # the processes one may start (the outsider: the other county's)
    "designed-new": Entry(
        (
            get(page(200, outsider=404)),
            post(page(302, outsider=404), data={"reason": "矩阵", "days": "1"}),
            foreign(get(page(404, outsider=200))),
            foreign(post(page(404, outsider=302), data={"reason": "矩阵", "days": "1"})),
        ),
        definition,
    ),
    "designed-case": Entry(
        (get(page(404, each(DESIGNED_SEERS, 200))), foreign(get(page(404, outsider=200)))), designed_case
    ),
    "designed-case-action": Entry(
        (
            get(page(404, each(DESIGNED_SEERS, 403), member_lead=200), **APPROVE),  # the school lead's turn
            post(page(404, each(DESIGNED_SEERS, 403), member_lead=302), **APPROVE),
            # Withdrawing (撤回) is the initiator's: its page too.
            get(page(404, each(DESIGNED_SEERS, 403), teacher=200), **WITHDRAW),
            post(page(404, each(DESIGNED_SEERS, 403), teacher=302), **WITHDRAW),
            foreign(get(page(404, outsider=403), **APPROVE)),
            foreign(post(page(404, outsider=403), **APPROVE)),
        )
    ),
    # Designed cases: the kit's API (/api/v1/designed/cases/)
    "api-designed-case-list": Entry((get(api(), data=other_county_filter), post(api(201, outsider=404), data=started))),
    "api-designed-case-detail": Entry(
        (get(api(404, each(DESIGNED_SEERS, 200))), foreign(get(api(404, outsider=200)))), designed_case
    ),
    "api-designed-case-action": Entry(
        (
            not_allowed(anonymous=401),
            post(api(404, each(DESIGNED_SEERS, 403), member_lead=200), **APPROVE),
            post(api(404, each(DESIGNED_SEERS, 403), teacher=200), **WITHDRAW),
            foreign(post(api(404, outsider=403), **APPROVE)),
        ),
        designed_step("approve"),
    ),
    "api-designed-case-history": Entry(
        (get(api(404, each(DESIGNED_SEERS, 200))), foreign(get(api(404, outsider=200)))), designed_case
    ),
}
