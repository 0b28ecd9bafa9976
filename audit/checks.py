"""`manage.py check --deploy`: the services must not run as a database role that could rewrite the audit trail
(issue 15 item 3d). The role of DATABASE_URL should neither own audit_auditevent (an owner can DISABLE TRIGGER,
DROP TRIGGER, TRUNCATE once the trigger is gone) nor be a superuser, nor hold UPDATE, DELETE, TRUNCATE or
TRIGGER on it: it needs SELECT and INSERT only. deploy/README.md §8 shows the two roles and their GRANTs."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections

TABLE = "audit_auditevent"
QUERY = """
SELECT c.relowner::regrole::text = current_user
       OR pg_has_role(current_user, c.relowner, 'MEMBER'),
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
       ARRAY(SELECT p FROM unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER']) AS p
             WHERE has_table_privilege(current_user, c.oid, p)),
       current_user
FROM pg_class c WHERE c.oid = to_regclass(%s)
"""


def runtime_role_problems(connection) -> list[str]:
    """What the connection's role could do to the audit table beyond SELECT and INSERT (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(QUERY, [TABLE])
        row = cursor.fetchone()
    if row is None:  # not migrated yet
        return []
    owns, superuser, privileges, role = row
    problems = []
    if superuser:
        problems.append(f"the role {role} is a superuser")
    if owns:
        problems.append(f"the role {role} owns {TABLE} (or is a member of its owner) and can disable its triggers")
    if privileges:
        problems.append(f"the role {role} holds {', '.join(privileges)} on {TABLE}")
    return problems


@register(Tags.security, deploy=True)  # not tagged "database": plain `check --deploy` runs it
def audit_runtime_role(app_configs=None, databases=None, **kwargs):
    try:
        problems = runtime_role_problems(connections["default"])
    except DatabaseError:  # no database to ask (check run before it exists): other checks still run
        return []
    return [
        Warning(
            f"The application's database role can alter the audit trail: {'; '.join(problems)}.",
            hint="Run the services with a role that has only SELECT and INSERT on audit_auditevent, and migrations "
            "with the owner role (MIGRATION_DATABASE_URL); deploy/README.md §8.",
            id="audit.W001",
        )
        for _ in [problems]
        if problems
    ]
