"""Access matches the roles, through the one guard (bot/access.py), on SQLite and PostgreSQL: reading a
process (answers, status, history, schedules, ABCDE reports) for members only; export and the audit log
for coordinators only; members removed by coordinators, never the last one; every refusal audited."""

from __future__ import annotations

import pytest

from bot.abcde.syntax import parse
from bot.access import COORDINATORS, MEMBERS, REPORTERS, Role
from bot.errors import AccessDenied, CoachError
from bot.service import Actor
from flows.state import Answer
from storage import repository as repo
from storage.db import session_scope
from tests.abcde.conftest import KARIN, MOA, PER, World
from tests.abcde.conftest import world as world  # noqa: PLC0414  (the fixture, shared)
from tests.bot.conftest import ANNA, BO

OUTSIDER = Actor("UEVA", "Eva Utanför", "slack_thread")


def refused(engine, process_id: int) -> list[tuple[str, str, str]]:
    with session_scope(engine) as session:
        return [(e.actor, e.detail["action"], e.detail["need"]) for e in repo.list_audit(session, process_id=process_id)
                if e.action == "refused"]


def test_the_role_sets() -> None:
    assert MEMBERS == {Role.KOORDINATOR, Role.PROJEKTLEDARE, Role.MEDLEM}
    assert REPORTERS == {Role.KOORDINATOR, Role.PROJEKTLEDARE} and COORDINATORS == {Role.KOORDINATOR}


def test_reading_a_process_is_for_its_members_and_every_refusal_is_audited(world: World) -> None:
    coach, abcde, process = world.coach, world.abcde, world.process
    abcde.set_schedule(process, KARIN, parse("varje vecka måndag 09:00"))
    reads = {
        "status": lambda actor: coach.status(process=process, actor=actor),
        "read": lambda actor: coach.state(process=process, actor=actor),
        "history": lambda actor: coach.history(process=process, actor=actor, question_id="s3.indikatorer"),
        "members": lambda actor: coach.membership.members(process=process, actor=actor),
        "schedule": lambda actor: abcde.schedule_for(process, actor),
        "reports": lambda actor: abcde.history(process, actor),
        "plans": lambda actor: abcde.previous_plans(process, world.clock(), actor),
    }
    for read in reads.values():
        read(MOA)  # any member reads
        with pytest.raises(AccessDenied, match="inte med i processen"):
            read(OUTSIDER)
    assert abcde.schedule_for(process, MOA).rhythm.cadence == "weekly"
    assert [actor for actor, _a, need in refused(world.engine, process.id)] == [OUTSIDER.user_id] * len(reads)
    assert {need for _u, _a, need in refused(world.engine, process.id)} == {"read"}


def test_export_and_the_audit_log_are_for_coordinators(world: World) -> None:
    coach, process = world.coach, world.process
    for actor, message in ((PER, "bara processens koordinator"), (MOA, "bara processens koordinator"),
                           (OUTSIDER, "inte med i processen")):
        with pytest.raises(AccessDenied, match=message):
            coach.export(process=process, actor=actor)
        with pytest.raises(AccessDenied, match=message):
            coach.audit_log(process=process, actor=actor)
    document = coach.export(process=process, actor=KARIN)
    assert document["process"]["name"] == process.name
    log = coach.audit_log(process=process, actor=KARIN)
    assert [e["action"] for e in log if e["action"] == "refused"] == ["refused"] * 6
    assert log[-1]["action"] == "exported" and log[-1]["actor"] == KARIN.user_id
    assert {(a, n) for _u, a, n in refused(world.engine, process.id)} == {("export", "coordinate"),
                                                                         ("audit_log", "coordinate")}


def test_a_coordinator_removes_a_member_but_never_the_last_coordinator(service) -> None:
    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="medlem", display_name="Bo")
    service.act(process=ref, actor=BO, event=Answer("Fler unga i föreningslivet"))
    with pytest.raises(AccessDenied, match="koordinator"):
        service.membership.remove_member(process=ref, actor=BO, user_id="anna")
    with pytest.raises(CoachError, match="enda koordinatorn i «Skogås» och kan inte tas bort"):
        service.membership.remove_member(process=ref, actor=ANNA, user_id="anna")
    with pytest.raises(CoachError, match="enda koordinatorn"):
        service.membership.set_role(process=ref, actor=ANNA, user_id="anna", role="medlem")
    with pytest.raises(CoachError, match="eva är inte med"):
        service.membership.remove_member(process=ref, actor=ANNA, user_id="eva")

    assert service.membership.remove_member(process=ref, actor=ANNA, user_id="bo") == "Bo"
    with pytest.raises(AccessDenied, match="inte med i processen"):  # removed: no longer reads the process
        service.state(process=ref, actor=BO)
    assert service.history(process=ref, actor=ANNA, question_id="s1.mal")[0].author == "bo"  # answers stay
    service.membership.set_role(process=ref, actor=ANNA, user_id="bo", role="koordinator", display_name="Bo")
    service.membership.set_role(process=ref, actor=ANNA, user_id="anna", role="ingen")  # `roll anna ingen`: now allowed
    assert [m[0] for m in service.membership.members(process=ref, actor=BO)] == ["bo"]
    with session_scope(service.engine) as session:
        removed = [(e.actor, e.detail["user_id"]) for e in repo.list_audit(session, process_id=ref.id)
                   if e.action == "member_removed"]
    assert removed == [("anna", "bo"), ("anna", "anna")]
    assert [a for _u, a, _n in refused(service.engine, ref.id)] == ["remove_member", "read"]


def test_the_terminal_removes_a_member_with_roll_ingen(service) -> None:
    from tests.bot.test_terminal import run

    ref = service.start_process(name="Skogås", actor=ANNA, flow_id="demo")
    out = run(service, ref, ANNA, "roll bo medlem", "roll bo ingen", "roll anna ingen", "avsluta")
    assert "bo är nu medlem i processen." in out
    assert "bo är inte längre med i processen. Det hen har svarat finns kvar." in out
    assert "Anna Koordinator är den enda koordinatorn i «Skogås» och kan inte tas bort" in out
    assert "Traceback" not in out
    assert [m[0] for m in service.membership.members(process=ref, actor=ANNA)] == ["anna"]
