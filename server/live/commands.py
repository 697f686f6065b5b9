"""Socket.IO commands: a name, the schema of its arguments and the service function.

The same service functions serve the REST routes; this table is all the socket side adds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from marshmallow import Schema, fields

from ..members import service as members
from ..members.schemas import MemberUpdate
from ..schemas import PajaSchema
from ..sessions import service as sessions
from ..sessions.schemas import (
    LockControl,
    PhaseMove,
    PhaseSave,
    SessionCreate,
    SessionUpdate,
    TimerControl,
)
from ..workshops import service as workshops
from ..workshops.schemas import WorkshopUpdate


@dataclass(frozen=True)
class Command:
    schema: type[Schema]
    run: Callable
    dump: Callable
    # Entity kind of the result, when what the answer shows depends on who asked (an idea's
    # author in an anonymous question): the answer is then the caller's own view.
    entity: str | None = None

    def answer(self, actor, result):
        if self.entity is not None and result is not None:
            from ..events.entities import ENTITIES

            return ENTITIES[self.entity].view(result, actor.viewer)
        return self.dump(result)


COMMANDS: dict[str, Command] = {}


def command(name: str, schema: type[Schema], dump: Callable, entity: str | None = None):
    def decorator(fn):
        COMMANDS[name] = Command(schema, fn, dump, entity)
        return fn

    return decorator


def _with(base: type[Schema], **extra) -> type[Schema]:
    """``base`` plus the ids that a REST route takes from its URL."""
    return type(f"{base.__name__}Command", (base,), extra)


class SessionRef(PajaSchema):
    session_id = fields.String(required=True)


class MemberRef(PajaSchema):
    member_id = fields.String(required=True)


_session_dump = sessions.dump_session

command("session.start", SessionRef, _session_dump)(
    lambda actor, d: sessions.start_session(actor, d["session_id"]))
command("session.end", SessionRef, _session_dump)(
    lambda actor, d: sessions.end_session(actor, d["session_id"]))
command("session.phase", _with(PhaseMove, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.go_to_phase(actor, d.pop("session_id"), d))
command("session.timer", _with(TimerControl, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.control_timer(actor, d.pop("session_id"), d))
command("session.lock", _with(LockControl, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.set_lock(actor, d["session_id"], d["locked"]))
command("session.save_phase", _with(PhaseSave, session_id=fields.String(required=True)),
        _session_dump)(lambda actor, d: sessions.save_phase(actor, d.pop("session_id"), d))
command("workshop.update", WorkshopUpdate, workshops.dump_workshop)(
    lambda actor, d: workshops.update_workshop(actor, d))
command("member.update", _with(MemberUpdate, member_id=fields.String(required=True)),
        members.dump_member)(
    lambda actor, d: members.update_member(actor, d.pop("member_id"), d))
command("member.remove", MemberRef, members.dump_member)(
    lambda actor, d: members.remove_member(actor, d["member_id"]))


class NoArgs(PajaSchema):
    pass


command("workshop.regenerate_code", NoArgs, workshops.dump_workshop)(
    lambda actor, d: workshops.regenerate_join_code(actor))


class PhaseRef(PajaSchema):
    session_id = fields.String(required=True)
    phase_id = fields.String(required=True)


command("session.create", SessionCreate, _session_dump)(sessions.create_session)
command("session.update", _with(SessionUpdate, session_id=fields.String(required=True)),
        _session_dump)(
    lambda actor, d: sessions.update_session(actor, d.pop("session_id"), d))
command("session.delete_phase", PhaseRef, _session_dump)(
    lambda actor, d: sessions.delete_phase(actor, d["session_id"], d["phase_id"]))


# -- issue 3: personas, introductions, groups, challenges, how-might-we ----------------------

from ..challenges import schemas as ch  # noqa: E402
from ..challenges import service as challenges  # noqa: E402
from ..comments import service as comments  # noqa: E402
from ..comments.schemas import CommentAdd, CommentRef  # noqa: E402
from ..groups import service as groups  # noqa: E402
from ..groups.schemas import GroupAssign, GroupRef, GroupSave, GroupSplit  # noqa: E402
from ..members import introductions  # noqa: E402
from ..personas import schemas as ps  # noqa: E402
from ..personas import service as personas  # noqa: E402


def _many(dump):
    return lambda items: [dump(item) for item in items]


def _maybe(dump):
    return lambda item: None if item is None else dump(item)


command("persona.import", ps.PersonaImport, _many(personas.dump_persona))(
    lambda actor, d: personas.import_cards(actor, d["keys"]))
command("persona.save", ps.PersonaSave, personas.dump_persona)(personas.save_persona)
command("persona.delete", ps.PersonaRef, personas.dump_persona)(
    lambda actor, d: personas.delete_persona(actor, d["persona_id"]))
command("persona.move", ps.PersonaMove, personas.dump_persona)(
    lambda actor, d: personas.move_persona(actor, d["persona_id"], d["position"]))
command("persona.spotlight", ps.PersonaSpotlight, _maybe(personas.dump_persona))(
    lambda actor, d: personas.spotlight(actor, d["persona_id"]))
command("persona.meet", ps.PersonaMeetSet, lambda result: result)(
    lambda actor, d: personas.set_meets(actor, d["persona_id"], d["meets"]))
command("comment.add", CommentAdd, comments.dump_comment)(comments.add_comment)
command("comment.delete", CommentRef, comments.dump_comment)(
    lambda actor, d: comments.delete_comment(actor, d["comment_id"]))
command("introduction.save", introductions.IntroductionSave,
        introductions.dump_introduction)(introductions.save_introduction)
command("group.save", GroupSave, groups.dump_group)(groups.save_group)
command("group.delete", GroupRef, groups.dump_group)(
    lambda actor, d: groups.delete_group(actor, d["group_id"]))
command("group.assign", GroupAssign, members.dump_member)(
    lambda actor, d: groups.assign(actor, d["member_id"], d["group_id"]))
command("group.split", GroupSplit, _many(groups.dump_group))(
    lambda actor, d: groups.split(actor, d["count"], d["method"]))
command("challenge.update", ch.ChallengeUpdate, challenges.dump_challenge)(
    lambda actor, d: challenges.update_challenge(actor, d.pop("challenge_id"), d))
command("challenge.note", ch.NoteAdd, challenges.dump_note)(challenges.add_note)
command("challenge.edit_note", ch.NoteEdit, challenges.dump_note)(
    lambda actor, d: challenges.edit_note(actor, d["note_id"], d["body"]))
command("challenge.delete_note", ch.NoteRef, challenges.dump_note)(
    lambda actor, d: challenges.delete_note(actor, d["note_id"]))
command("challenge.rate", ch.RatingSet, challenges.dump_challenge)(
    lambda actor, d: challenges.rate(actor, d["challenge_id"], d["value"]))
command("hmw.save", ch.HmwSave, challenges.dump_hmw)(challenges.save_hmw)
command("hmw.delete", ch.HmwRef, challenges.dump_hmw)(
    lambda actor, d: challenges.delete_hmw(actor, d["hmw_id"]))
command("hmw.move", ch.HmwMove, challenges.dump_hmw)(
    lambda actor, d: challenges.move_hmw(actor, d["hmw_id"], d["position"]))


# -- issue 4: ideation, grouping, concepts ------------------------------------------------------

from ..concepts import service as concepts  # noqa: E402
from ..concepts.schemas import ConceptRef, ConceptSave  # noqa: E402
from ..ideas import schemas as ids  # noqa: E402
from ..ideas import service as ideation  # noqa: E402

_idea = ideation.dump_idea
command("hmw.settings", ids.HmwSettings, challenges.dump_hmw)(ideation.question_settings)
command("idea.add", ids.IdeaAdd, _idea, "idea")(ideation.add_idea)
command("idea.edit", ids.IdeaEdit, _idea, "idea")(ideation.edit_idea)
command("idea.delete", ids.IdeaRef, _idea, "idea")(
    lambda actor, d: ideation.delete_idea(actor, d["idea_id"]))
command("idea.plus", ids.IdeaPlusSet, lambda result: result)(
    lambda actor, d: ideation.set_plus(actor, d["idea_id"], d["on"]))
command("idea.move", ids.IdeaMove, _idea, "idea")(ideation.move_idea)
command("idea.duplicate", ids.IdeaDuplicate, _idea, "idea")(
    lambda actor, d: ideation.mark_duplicate(actor, d["idea_id"], d["of_id"]))
command("idea.spotlight", ids.IdeaSpotlight, challenges.dump_hmw)(
    lambda actor, d: ideation.spotlight(actor, d["hmw_id"], d["idea_id"]))
command("idea.suggest", ids.SuggestFor, lambda result: result)(
    lambda actor, d: ideation.suggestions(actor, d["hmw_id"]))
command("cluster.save", ids.ClusterSave, ideation.dump_cluster)(ideation.save_cluster)
command("cluster.delete", ids.ClusterRef, ideation.dump_cluster)(
    lambda actor, d: ideation.delete_cluster(actor, d["cluster_id"]))
command("cluster.merge", ids.ClusterMerge, ideation.dump_cluster)(
    lambda actor, d: ideation.merge_clusters(actor, d["cluster_id"], d["into_id"]))
command("concept.save", ConceptSave, concepts.dump_concept)(concepts.save_concept)
command("concept.delete", ConceptRef, concepts.dump_concept)(
    lambda actor, d: concepts.delete_concept(actor, d["concept_id"]))


# -- issue 5: voting ----------------------------------------------------------------------------

from ..voting import schemas as vs  # noqa: E402
from ..voting import service as voting  # noqa: E402

_round = voting.dump_round
command("vote.save_round", vs.RoundSave, _round)(voting.save_round)
command("vote.open", vs.RoundOpen, _round)(
    lambda actor, d: voting.open_round(actor, d.pop("round_id"), d))
command("vote.close", vs.RoundRef, _round)(
    lambda actor, d: voting.close_round(actor, d["round_id"]))
command("vote.reveal", vs.RoundRef, _round)(lambda actor, d: voting.reveal(actor, d["round_id"]))
command("vote.delete_round", vs.RoundRef, _round)(
    lambda actor, d: voting.delete_round(actor, d["round_id"]))
command("vote.set", vs.VoteSet, lambda result: result)(voting.set_vote)
command("vote.mine", vs.BallotRef, lambda result: result)(
    lambda actor, d: voting.my_ballot(actor, d["round_id"], d.get("proxy")))
command("vote.proxies", vs.RoundRef, lambda result: result)(
    lambda actor, d: voting.proxies(actor, d["round_id"]))
command("vote.choose", vs.Choose, _round)(voting.choose)


# -- issue 6: pilots ------------------------------------------------------------------------------

from ..pilots import schemas as pls  # noqa: E402
from ..pilots import service as pilots  # noqa: E402

command("pilot.create", pls.PilotCreate, pilots.dump_pilot, "pilot")(
    lambda actor, d: pilots.create_by_hand(actor, d["concept_id"]))
command("pilot.save", pls.PilotSave, pilots.dump_pilot, "pilot")(pilots.save_pilot)
command("pilot.status", pls.PilotStatusSet, pilots.dump_pilot, "pilot")(pilots.set_status)
command("pilot.join", pls.TeamChange, pilots.dump_team)(pilots.join_team)
command("pilot.leave", pls.TeamChange, pilots.dump_team)(pilots.leave_team)
command("pilot.invite", pls.InviteRef, lambda result: result)(
    lambda actor, d: pilots.invitation(actor, d["pilot_id"], d["regenerate"]))
command("pilot.measure", pls.MeasureSave, pilots.dump_measure)(pilots.save_measure)
command("pilot.delete_measure", pls.MeasureRef, pilots.dump_measure)(
    lambda actor, d: pilots.delete_measure(actor, d["measure_id"]))
command("pilot.update", pls.UpdateAdd, pilots.dump_update)(pilots.add_update)
command("pilot.delete_update", pls.UpdateRef, pilots.dump_update)(
    lambda actor, d: pilots.delete_update(actor, d["update_id"]))


# -- issue 6: the coaching rhythm ------------------------------------------------------------------

from ..coaching import schemas as cs  # noqa: E402
from ..coaching import service as coaching  # noqa: E402

command("task.submit", cs.SubmissionSave, coaching.dump_submission, "submission")(coaching.submit)
command("task.review", cs.Review, coaching.dump_review, "review")(coaching.review)
command("task.summary", cs.ThemeRef, lambda result: result)(
    lambda actor, d: coaching.summary(actor, d["session_id"]))


# -- issue 6: reminders ---------------------------------------------------------------------------

from ..reminders import schemas as rs  # noqa: E402
from ..reminders import service as reminders  # noqa: E402

command("notify.preferences", rs.Preferences, reminders.dump_preference)(
    reminders.save_preferences)
command("notify.read", rs.ReadNotifications, _many(reminders.dump_notification))(
    lambda actor, d: reminders.mark_read(actor, d.get("notification_ids")))
command("reminders.settings", rs.Settings, reminders.dump_settings)(reminders.save_settings)
