"""The baseline of the completion benchmark: a plain viewflow flow with one human approval step, completed by a
minimal API view through viewflow's own activation, without any Stepwise service (no organisation permissions,
audit event, outbox or case table). It is what a team starting from viewflow's documentation would write; the
benchmark reports Stepwise's completion cost as a ratio to it. Installed only by bench.settings."""
