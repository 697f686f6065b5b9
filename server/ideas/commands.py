"""The live commands of ideation: ideas under a question, their groups and the question's
settings."""

from __future__ import annotations

from ..challenges.schemas import HmwOut
from ..challenges.service import dump_hmw
from ..live.commands import command
from . import service
from .schemas import (
    ChangedOut,
    ClusterMerge,
    ClusterOut,
    ClusterRef,
    ClusterSave,
    HmwRevealAll,
    HmwSettings,
    HmwSettingsAll,
    IdeaAdd,
    IdeaDuplicate,
    IdeaEdit,
    IdeaMove,
    IdeaOut,
    IdeaPlusSet,
    IdeaRef,
    IdeaSpotlight,
    PlusCountOut,
    SuggestFor,
    SuggestionOut,
)

command("hmw.settings", HmwSettings, HmwOut, dump=dump_hmw)(service.question_settings)
command("hmw.settings_all", HmwSettingsAll, ChangedOut)(service.settings_all)
command("hmw.reveal_all", HmwRevealAll, ChangedOut)(service.reveal_all)
command("idea.add", IdeaAdd, IdeaOut, entity="idea")(service.add_idea)
command("idea.edit", IdeaEdit, IdeaOut, entity="idea")(service.edit_idea)
command("idea.delete", IdeaRef, IdeaOut, entity="idea")(service.delete_idea)
command("idea.plus", IdeaPlusSet, PlusCountOut)(service.set_plus)
command("idea.move", IdeaMove, IdeaOut, entity="idea")(service.move_idea)
command("idea.duplicate", IdeaDuplicate, IdeaOut, entity="idea")(service.mark_duplicate)
command("idea.spotlight", IdeaSpotlight, HmwOut, dump=dump_hmw)(service.spotlight)
command("idea.suggest", SuggestFor, SuggestionOut(many=True))(service.suggestions)
command("cluster.save", ClusterSave, ClusterOut, dump=service.dump_cluster)(service.save_cluster)
command("cluster.delete", ClusterRef, ClusterOut, dump=service.dump_cluster)(
    service.delete_cluster)
command("cluster.merge", ClusterMerge, ClusterOut, dump=service.dump_cluster)(
    service.merge_clusters)
