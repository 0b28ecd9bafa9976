"""Organisation tree at 10,000+ nodes: subtree, ancestors, permission checks and visibility.

Run: .venv/bin/python -m bench org_tree   (needs PostgreSQL; uses a throwaway database; about 20 s)
"""

import time

from bench.harness import Figure, benchmark, setup_django, throwaway_database, timed

BUREAUS, COMMUNITIES, SCHOOLS, BRANCHES = 5, 20, 10, 8  # 5 + 100 + 1000 + 1000 committees + 8000 branches


def build_tree():
    from accounts.models import Organisation

    rows = []

    def node(parent_path, depth, index, **fields):
        path = Organisation._get_path(parent_path, depth, index)
        rows.append(Organisation(path=path, depth=depth, numchild=0, **fields))
        return path

    for b in range(1, BUREAUS + 1):
        bureau = node("", 1, b, code=f"B{b}", name=f"教育局{b}", kind="BUREAU")
        for c in range(1, COMMUNITIES + 1):
            community = node(
                bureau, 2, c, code=f"B{b}C{c}", name=f"共同体{c}", kind="COMMUNITY", community_type="FUSION"
            )
            for s in range(1, SCHOOLS + 1):
                school = node(
                    community, 3, s, code=f"B{b}C{c}S{s}", name=f"学校{s}", kind="SCHOOL", is_core_school=s == 1
                )
                committee = node(
                    school,
                    4,
                    1,
                    code=f"B{b}C{c}S{s}P",
                    name="党委",
                    kind="PARTY_COMMITTEE",
                    has_approval_authority=True,
                )
                for r in range(1, BRANCHES + 1):
                    node(committee, 5, r, code=f"B{b}C{c}S{s}P{r}", name=f"支部{r}", kind="BRANCH")
    Organisation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@benchmark("org_tree", order=10)
def org_tree() -> list[Figure]:
    """10,105 organisations: subtree and ancestor reads, permission checks up the tree, visible organisations."""
    setup_django()

    with throwaway_database():
        from django.db import connection

        from accounts import roles
        from accounts.models import Organisation
        from accounts.permissions import has_org_perm, organisations_visible_to
        from accounts.roles import Role
        from accounts.selectors import organisation_ancestors, organisation_subtree
        from tests.factories import UserFactory, grant

        start = time.perf_counter()
        total = build_tree()
        built_ms = (time.perf_counter() - start) * 1000
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE accounts_organisation")
        bureau = Organisation.objects.get(code="B3")
        community = Organisation.objects.get(code="B3C7")
        branch = Organisation.objects.get(code="B3C7S4P5")
        auditor = UserFactory()
        grant(auditor, bureau, Role.AUDITOR)
        secretary = UserFactory()
        grant(secretary, branch, Role.BRANCH_SECRETARY)

        def ms(name, fn, note=""):
            return Figure(name, "ms", timed(fn, repeat=200), note=note)

        plan = organisation_subtree(community).values("pk").explain()
        return [
            Figure(f"build {total} organisations (bulk)", "ms", [built_ms]),
            ms(
                "subtree of a bureau (ids)",
                lambda: list(organisation_subtree(bureau).values_list("pk", flat=True)),
                note=f"{organisation_subtree(bureau).count()} rows",
            ),
            ms(
                "subtree of a community (ids)",
                lambda: list(organisation_subtree(community).values_list("pk", flat=True)),
                note="index scan" if "Index" in plan else f"plan: {plan[:80]}",
            ),
            ms("ancestors of a branch", lambda: list(organisation_ancestors(branch))),
            ms("has_org_perm, grant 4 levels up", lambda: has_org_perm(auditor, roles.SEE_CASES, branch)),
            ms("has_org_perm, refused (sibling subtree)", lambda: has_org_perm(secretary, roles.SEE_CASES, community)),
            ms("visible organisations of a bureau auditor (count)", lambda: organisations_visible_to(auditor).count()),
        ]
