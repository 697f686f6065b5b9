"""The live commands of pilots: the pilot card, its team, measures and updates."""

from __future__ import annotations

from ..live.commands import command
from . import imports, service
from .schemas import (
    InvitationOut,
    InviteRef,
    MeasureOut,
    MeasureRef,
    MeasureSave,
    MilestoneOut,
    MilestoneRef,
    MilestoneSave,
    PilotCreate,
    PilotFileImport,
    PilotImportOut,
    PilotOut,
    PilotSave,
    PilotStatusSet,
    TeamChange,
    TeamMemberOut,
    UpdateAdd,
    UpdateOut,
    UpdateRef,
    UpdateResolve,
)

command("pilot.create", PilotCreate, PilotOut, entity="pilot")(service.create_by_hand)
command("pilot.save", PilotSave, PilotOut, entity="pilot")(service.save_pilot)
command("pilot.status", PilotStatusSet, PilotOut, entity="pilot")(service.set_status)
command("pilot.join", TeamChange, TeamMemberOut, dump=service.dump_team)(service.join_team)
command("pilot.leave", TeamChange, TeamMemberOut, dump=service.dump_team)(service.leave_team)
command("pilot.invite", InviteRef, InvitationOut)(service.invitation)
command("pilot.measure", MeasureSave, MeasureOut, dump=service.dump_measure)(
    service.save_measure)
command("pilot.delete_measure", MeasureRef, MeasureOut, dump=service.dump_measure)(
    service.delete_measure)
command("pilot.milestone", MilestoneSave, MilestoneOut, dump=service.dump_milestone)(
    service.save_milestone)
command("pilot.delete_milestone", MilestoneRef, MilestoneOut, dump=service.dump_milestone)(
    service.delete_milestone)
command("pilot.update", UpdateAdd, UpdateOut, dump=service.dump_update)(service.add_update)
command("pilot.resolve_update", UpdateResolve, UpdateOut, dump=service.dump_update)(
    service.resolve_update)
command("pilot.delete_update", UpdateRef, UpdateOut, dump=service.dump_update)(
    service.delete_update)
command("pilot.import_file", PilotFileImport, PilotImportOut, dump=imports.dump_imported)(
    imports.import_file)
