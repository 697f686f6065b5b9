"""Dot voting over concepts or ideas.

A vote sets my dots on one item to a number (not "+1"), so a phone's outbox can send it
again harmlessly. The budget (dots per person) and the cap (dots per item) are checked in
the write transaction after taking the workshop's lock, so many taps at one instant - from
one phone or from two phones of the same person - never overspend, on SQLite or PostgreSQL.

A vote is not broadcast. What the screens see - tallies (when they may) and turnout - is
the round itself, re-sent at most ten times a second per workshop by :mod:`.tally`; the
voter's own acknowledgement is the command's answer, at once. Ballots never appear in an
event or a snapshot: in an anonymous round nothing stored links a person to an item once
the round closes (see :mod:`.models`). The archive copies them only as far as
:func:`ballots_shown` allows - never before the results show.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, insert, select, update

from ..access import Actor, require_contributor, require_facilitator, require_open
from ..challenges.service import HMW_REMOVED
from ..concepts.models import Concept
from ..database import lock_workshop, write_transaction
from ..errors import Forbidden, Invalid, NotFound
from ..events.entities import EntityKind, register
from ..events.service import record, record_by
from ..extensions import db
from ..ideas.models import Idea
from ..links import set_links
from ..pilots.service import create_pilot
from ..schemas import new_id
from ..timeutil import epoch, utcnow
from ..workshops.models import Workshop
from .models import Ballot, BallotDot, VoteRound, VoteRoundConcept, VoteRoundIdea

# -- what everyone sees -----------------------------------------------------------------------


def results_visible(round_: VoteRound) -> bool:
    return round_.revealed or round_.live_results


def ranking(counts: dict[str, int], item_ids: list[str]) -> list[dict]:
    """Items by dots, most first; equal counts share a rank and are marked as ties."""
    rows = sorted(item_ids, key=lambda item: (-counts.get(item, 0), item_ids.index(item)))
    seen: dict[int, int] = {}
    for item in item_ids:
        seen[counts.get(item, 0)] = seen.get(counts.get(item, 0), 0) + 1
    out, rank = [], 0
    for index, item in enumerate(rows):
        count = counts.get(item, 0)
        if index == 0 or count != counts.get(rows[index - 1], 0):
            rank = index + 1
        out.append({"item_id": item, "count": count, "rank": rank, "tie": seen[count] > 1})
    return out


def _counts(round_id: str) -> dict[str, int]:
    return dict(db.session.execute(
        select(BallotDot.item_id, func.sum(BallotDot.count))
        .where(BallotDot.round_id == round_id).group_by(BallotDot.item_id)).all())


def turnout(round_: VoteRound) -> dict:
    """Who has voted, from the round's own ballots. How many may vote is the workshop's
    participants (clients count the members they hold) plus these paper-vote proxies, so a
    late joiner changes it everywhere without an event of the round's."""
    voters, spent = db.session.execute(
        select(func.count(Ballot.id), func.coalesce(func.sum(Ballot.spent), 0))
        .where(Ballot.round_id == round_.id, Ballot.spent > 0)).one()
    proxies = db.session.scalar(select(func.count()).select_from(Ballot).where(
        Ballot.round_id == round_.id, Ballot.proxy_label.is_not(None)))
    return {"voters": voters, "proxies": proxies, "dots_spent": int(spent)}


def dump_round(round_: VoteRound) -> dict:
    view = {
        "id": round_.id, "title": round_.title, "target": round_.target, "hmw_id": round_.hmw_id,
        "item_ids": round_.item_ids or [], "dots": round_.dots, "cap": round_.cap,
        "allow_own": round_.allow_own, "anonymous": round_.anonymous,
        "live_results": round_.live_results, "revealed": round_.revealed,
        "status": round_.status, "closes_at": epoch(round_.closes_at),
        "opened_at": epoch(round_.opened_at), "closed_at": epoch(round_.closed_at),
        "chosen_ids": round_.chosen_ids or [], "position": round_.position,
        "turnout": turnout(round_), "results": None,
        "created_at": epoch(round_.created_at), "rev": round_.rev,
    }
    if results_visible(round_):
        view["results"] = ranking(_counts(round_.id), round_.item_ids or [])
    return view


def dump_round_full(round_: VoteRound) -> dict:
    """Facilitators' view: in a named round, once results show, who gave how many dots
    to what (proxies marked). Anonymous rounds have no such thing to show."""
    view = dump_round(round_)
    if round_.anonymous or not results_visible(round_):
        return view
    voters: dict[str, list[dict]] = {}
    rows = db.session.execute(
        select(BallotDot.item_id, BallotDot.count, Ballot.member_id, Ballot.proxy_label)
        .join(Ballot, Ballot.id == BallotDot.ballot_id)
        .where(BallotDot.round_id == round_.id, BallotDot.count > 0)
        .order_by(BallotDot.item_id)).all()
    # A member by id (clients show the member's current name), a paper vote by its label.
    for row in rows:
        voters.setdefault(row.item_id, []).append({
            "member_id": None if row.proxy_label else row.member_id,
            "proxy": row.proxy_label, "count": row.count})
    view["voters"] = voters
    return view


def ballots_shown(round_: VoteRound, view: dict | None) -> str:
    """How much of a round's ballots and dots an export may copy for a viewer, read off the
    view that viewer gets: none while it shows no results (the dots would add up to them),
    and who gave which only where it shows the voters."""
    if view is None or view["results"] is None:
        return "none"
    return "all" if "voters" in view else "unnamed"


register(EntityKind(name="vote_round", resendable=True, full=dump_round_full, public=dump_round,
                    details=ballots_shown,
                    rows=lambda wid: select(VoteRound).where(VoteRound.workshop_id == wid)
                    .order_by(VoteRound.position, VoteRound.created_at)))


# -- rounds -----------------------------------------------------------------------------------


def get_round(actor: Actor, round_id) -> VoteRound:
    round_ = db.session.get(VoteRound, round_id) if isinstance(round_id, str) else None
    if round_ is None or round_.workshop_id != actor.workshop.id:
        raise NotFound(_("No such vote round."), {"round_id": [_("Unknown id.")]})
    return round_



def _default_items(actor: Actor, target: str, hmw_id: str | None) -> list[str]:
    if target == "concepts":
        return list(db.session.scalars(
            select(Concept.id).where(Concept.workshop_id == actor.workshop.id,
                                     Concept.stage != "dropped")
            .order_by(Concept.position, Concept.created_at)))
    return list(db.session.scalars(
        select(Idea.id).where(Idea.hmw_id == hmw_id, Idea.duplicate_of_id.is_(None),
                              Idea.moderation.is_(None))
        .order_by(Idea.position, Idea.created_at)))


def _check_items(actor: Actor, target: str, hmw_id: str | None, ids: list[str]) -> list[str]:
    ids = list(dict.fromkeys(ids))
    known = set(_default_items(actor, target, hmw_id))
    unknown = [item for item in ids if item not in known]
    if unknown:
        raise Invalid.field("item_ids", _("Not something this round can vote on: %(ids)s.",
                                          ids=", ".join(unknown)))
    return ids


def _when(value: float | None, field: str) -> datetime | None:
    if value is None:
        return None
    # Bounds on the number first: one far outside the calendar has no datetime at all.
    now = time.time()
    if value <= now:
        raise Invalid.field(field, _("Choose a time in the future."))
    if value > now + timedelta(days=60).total_seconds():
        raise Invalid.field(field, _("Choose a time within 60 days."))
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)


def save_round(actor: Actor, data: dict) -> VoteRound:
    """Create a round (a draft) or change one; only the title changes once it is open."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = db.session.get(VoteRound, data["id"])
        if round_ is not None and round_.workshop_id != actor.workshop.id:
            raise Invalid.field("id", _("That id is already in use; generate a new one."))
        if round_ is None:
            target = data.get("target", "concepts")
            hmw_id = data.get("hmw_id")
            if target == "ideas":
                from ..ideas.service import get_question

                if not hmw_id:
                    raise Invalid.field("hmw_id", _("Say which question's ideas to vote on."))
                hmw_id = get_question(actor, hmw_id).id
            elif hmw_id:
                raise Invalid.field("hmw_id", _("A round over concepts takes no question; "
                                                "leave this out."))
            items = (_check_items(actor, target, hmw_id, data["item_ids"]) if "item_ids" in data
                     else _default_items(actor, target, hmw_id))
            if not items:
                raise Invalid.field("item_ids", _("There is nothing to vote on yet."))
            last = db.session.scalar(select(func.max(VoteRound.position))
                                     .where(VoteRound.workshop_id == actor.workshop.id))
            round_ = VoteRound(id=data["id"], workshop_id=actor.workshop.id, target=target,
                               hmw_id=hmw_id, title=data.get("title", ""),
                               dots=5, cap=3, allow_own=True, anonymous=True,
                               live_results=False, status="draft",
                               position=0 if last is None else last + 1)
            set_links(round_, "item_ids", items)
            db.session.add(round_)
        elif round_.status != "draft" and set(data) - {"id", "title"}:
            raise Invalid.field("status", _("Only the title can change once the round has "
                                            "opened."))
        elif "item_ids" in data:
            set_links(round_, "item_ids",
                      _check_items(actor, round_.target, round_.hmw_id, data["item_ids"]))
        for name in ("title", "dots", "cap", "allow_own", "anonymous", "live_results"):
            if name in data:
                setattr(round_, name, data[name])
        if "closes_at" in data:
            round_.closes_at = _when(data["closes_at"], "closes_at")
        if round_.cap > round_.dots:
            raise Invalid.field("cap", _("The cap per item can't be more than the dots per "
                                         "person."))
        record_by(actor, "vote_round", round_, type="vote.round_saved")
    return round_


def open_round(actor: Actor, data: dict) -> VoteRound:
    round_id = data["round_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, round_id)
        if round_.status != "draft":
            raise Invalid.field("round_id", _("This round has already been opened."))
        if "closes_at" in data:
            round_.closes_at = _when(data["closes_at"], "closes_at")
        elif round_.closes_at is not None and round_.closes_at <= utcnow():
            raise Invalid.field("closes_at", _("Choose a time in the future."))
        round_.status = "open"
        round_.opened_at = utcnow()
        if round_.anonymous:
            round_.secret = secrets.token_hex(32)
        record_by(actor, "vote_round", round_, type="vote.opened")
    if round_.closes_at is not None:
        from .tally import close_at

        close_at(round_.id, round_.closes_at)
    return round_


def _close(round_: VoteRound, actor_member_id: str | None = None) -> None:
    round_.status = "closed"
    round_.closed_at = utcnow()
    round_.secret = None  # from now on no ballot can be traced to anyone
    record(round_.workshop_id, "vote_round", round_, type="vote.closed",
           actor_member_id=actor_member_id)


def close_round(actor: Actor, data: dict) -> VoteRound:
    round_id = data["round_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, round_id)
        if round_.status == "draft":
            raise Invalid.field("round_id", _("This round has not been opened."))
        if round_.status == "open":
            _close(round_, actor.member_id)
    return round_


def close_if_due(round_id: str) -> bool:
    """Close the round if its time has come (idempotent: any process may try)."""
    with write_transaction():
        round_ = db.session.get(VoteRound, round_id)
        if round_ is None:
            return False
        lock_workshop(round_.workshop_id)
        db.session.refresh(round_)
        if round_.status != "open" or round_.closes_at is None or round_.closes_at > utcnow():
            return False
        _close(round_)
    return True


def move_deadline(actor: Actor, data: dict) -> VoteRound:
    """Move the time a round closes by itself (``null``: the facilitator closes it), or
    with ``reopen`` open a closed round again until then.

    Only a named round reopens: an anonymous one forgot whose ballot is whose when it
    closed, so its voters could not find their dots again and would vote twice. A round
    whose concepts were already chosen stays closed too, so the pilots keep the results
    they came from. Revealed results stay shown and follow the new dots.
    """
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, data["round_id"])
        closes_at = _when(data["closes_at"], "closes_at")
        if round_.status == "closed":
            if not data.get("reopen"):
                raise Invalid.field("reopen", _("This round is closed. Reopen it to give it "
                                                "a new closing time."))
            if round_.anonymous:
                raise Invalid.field("reopen", _(
                    "An anonymous round forgets who voted when it closes, so it can't "
                    "reopen. Start a new round instead."))
            if round_.chosen_ids:
                raise Invalid.field("reopen", _(
                    "Pilots were already chosen from these results, so the round stays "
                    "closed."))
            round_.status = "open"
            round_.closed_at = None
            round_.closes_at = closes_at
            record_by(actor, "vote_round", round_, type="vote.reopened")
        elif round_.closes_at != closes_at:
            round_.closes_at = closes_at
            record_by(actor, "vote_round", round_, type="vote.deadline")
    # A timer set for the old time finds the new one in the database and leaves the round
    # open; this one closes it at the new time.
    if round_.status == "open" and round_.closes_at is not None:
        from .tally import close_at

        close_at(round_.id, round_.closes_at)
    return round_


def overdue_rounds() -> list[str]:
    return list(db.session.scalars(select(VoteRound.id).where(
        VoteRound.status == "open", VoteRound.closes_at.is_not(None),
        VoteRound.closes_at <= utcnow())))


def reveal(actor: Actor, data: dict) -> VoteRound:
    """Show the results on every screen at once (one event carries them)."""
    round_id = data["round_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, round_id)
        if round_.status == "draft":
            raise Invalid.field("round_id", _("This round has not been opened."))
        if not round_.revealed:
            round_.revealed = True
            record_by(actor, "vote_round", round_, type="vote.revealed")
    return round_


def delete_round(actor: Actor, data: dict) -> VoteRound:
    round_id = data["round_id"]
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, round_id)
        if round_.status == "open":
            raise Invalid.field("round_id", _("Close the round before removing it."))
        db.session.delete(round_)
        record_by(actor, "vote_round", round_, type="vote.round_deleted", op="delete")
    return round_


# -- ballots ------------------------------------------------------------------------------------


def _key(round_: VoteRound, who: str) -> str:
    if not round_.anonymous:
        return who
    return hmac.new(bytes.fromhex(round_.secret), who.encode(), hashlib.sha256).hexdigest()


def _voter(actor: Actor, round_: VoteRound, proxy: str | None) -> tuple[str, str | None]:
    """(ballot key, proxy label) for whoever is voting."""
    require_contributor(actor)
    require_open(actor)
    if proxy is not None:
        require_facilitator(actor)
        return _key(round_, f"proxy:{proxy.casefold()}"), proxy
    if actor.member is None or actor.member.role != "participant":
        raise Forbidden(_("Participants vote; a facilitator can enter dots for someone "
                          "without a device as a proxy."))
    return _key(round_, actor.member_id), None


def _is_own(round_: VoteRound, member_id: str, item_id: str) -> bool:
    if round_.target == "ideas":
        idea = db.session.get(Idea, item_id)
        return idea is not None and idea.member_id == member_id
    concept = db.session.get(Concept, item_id)
    ids = (concept.idea_ids or []) if concept is not None else []
    return bool(ids) and bool(db.session.scalar(select(func.count()).select_from(Idea).where(
        Idea.id.in_(ids), Idea.member_id == member_id)))


def _ballot_view(round_: VoteRound, ballot: Ballot | None) -> dict:
    mine = {}
    if ballot is not None:
        mine = dict(db.session.execute(select(BallotDot.item_id, BallotDot.count).where(
            BallotDot.ballot_id == ballot.id, BallotDot.count > 0)).all())
    spent = ballot.spent if ballot is not None else 0
    return {"round_id": round_.id, "mine": mine, "spent": spent,
            "left": round_.dots - spent, "status": round_.status}


def _round_for_vote(workshop_id: str, round_id, item_id: str):
    """The few columns of a round a vote needs, whether ``item_id`` is on its ballot, and
    the workshop's status - one row, read under the workshop's lock, no ORM objects (the
    vote storm is one such read per tap)."""
    if not isinstance(round_id, str):
        return None
    on_concepts = select(VoteRoundConcept.concept_id).where(
        VoteRoundConcept.round_id == VoteRound.id,
        VoteRoundConcept.concept_id == item_id).exists()
    on_ideas = select(VoteRoundIdea.idea_id).where(
        VoteRoundIdea.round_id == VoteRound.id, VoteRoundIdea.idea_id == item_id).exists()
    return db.session.execute(
        select(VoteRound.id, VoteRound.status, VoteRound.closes_at, VoteRound.target,
               VoteRound.dots, VoteRound.cap, VoteRound.allow_own, VoteRound.anonymous,
               VoteRound.secret, Workshop.status.label("workshop_status"),
               on_concepts.label("on_concepts"), on_ideas.label("on_ideas"))
        .join(Workshop, Workshop.id == VoteRound.workshop_id)
        .where(VoteRound.id == round_id, VoteRound.workshop_id == workshop_id)).first()


def set_vote(actor: Actor, data: dict) -> dict:
    """Set my dots on one item. Refused - with the reason - beyond the budget or the cap, on
    a closed round, or on an item outside the round; nothing changes then.

    One short write transaction of plain column reads and writes: the round (with whether
    the item is on it) in one row, the ballot with all its dots in one query, then at most
    an insert and two updates. The actor was loaded for this command a moment ago; the
    session keeps it loaded across the commits here (rather than reload the workshop and
    member for nothing), and what may have changed meanwhile - the round, the workshop's
    status - is read again under the lock.
    """
    from .tally import mark_dirty

    workshop_id, item_id, count = actor.workshop.id, data["item_id"], data["count"]
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        with write_transaction():
            lock_workshop(workshop_id)
            round_ = _round_for_vote(workshop_id, data["round_id"], item_id)
            if round_ is None:
                raise NotFound(_("No such vote round."), {"round_id": [_("Unknown id.")]})
            overdue = (round_.status == "open" and round_.closes_at is not None
                       and round_.closes_at <= utcnow())
            if not overdue:
                answer, changed = _apply_vote(actor, round_, item_id, count, data.get("proxy"))
    finally:
        session.expire_on_commit = expire
    if overdue:
        close_if_due(round_.id)  # its time has come, whether or not a clock noticed
        raise Invalid.field("round_id", _("Voting in this round is closed."))
    if changed:
        mark_dirty(workshop_id, round_.id)
    return answer


def _apply_vote(actor: Actor, round_, item_id: str, count: int,
                proxy: str | None) -> tuple[dict, bool]:
    """Check and write one vote inside the vote's transaction; (the answer, whether
    anything changed)."""
    if round_.status != "open":
        raise Invalid.field("round_id", _("Voting in this round is closed.") if
                            round_.status == "closed" else _("This round has not opened "
                                                             "yet."))
    if not (round_.on_ideas if round_.target == "ideas" else round_.on_concepts):
        raise Invalid.field("item_id", _("That is not on this round's ballot."))
    if round_.workshop_status == "archived":
        raise Forbidden(_("This workshop is archived; a facilitator can restore it."))
    key, proxy = _voter(actor, round_, proxy)
    if count > round_.cap:
        raise Invalid.field("count", _("At most %(cap)d dots per item.", cap=round_.cap))
    if count and not round_.allow_own and proxy is None \
            and _is_own(round_, actor.member_id, item_id):
        raise Invalid.field("item_id", _("In this round you can't vote for your own."))
    # The ballot and every dot on it, in one query (no rows: no ballot yet).
    rows = db.session.execute(
        select(Ballot.id, Ballot.spent, BallotDot.item_id, BallotDot.count)
        .outerjoin(BallotDot, BallotDot.ballot_id == Ballot.id)
        .where(Ballot.round_id == round_.id, Ballot.key == key)).all()
    ballot_id = rows[0].id if rows else None
    had = rows[0].spent if rows else 0
    mine = {row.item_id: row.count for row in rows if row.item_id is not None}
    current = mine.get(item_id)
    spent = had - (current or 0) + count
    if spent > round_.dots:
        raise Invalid.field("count", _("Not enough dots: you have %(left)d left.",
                                       left=round_.dots - had))
    changed = count != (current or 0)
    if changed:
        if ballot_id is None:
            ballot_id = new_id()
            db.session.execute(insert(Ballot).values(
                id=ballot_id, round_id=round_.id, key=key, proxy_label=proxy, spent=spent,
                member_id=None if round_.anonymous or proxy else actor.member_id))
        else:
            db.session.execute(update(Ballot).where(Ballot.id == ballot_id)
                               .values(spent=spent))
        if current is None:
            db.session.execute(insert(BallotDot).values(
                ballot_id=ballot_id, round_id=round_.id, item_id=item_id, count=count))
        else:
            db.session.execute(update(BallotDot).where(BallotDot.ballot_id == ballot_id,
                                                       BallotDot.item_id == item_id)
                               .values(count=count))
        mine[item_id] = count
    else:
        spent = had
    mine = {item: n for item, n in mine.items() if n > 0}
    return ({"round_id": round_.id, "mine": mine, "spent": spent,
             "left": round_.dots - spent, "status": round_.status}, changed)


def my_ballot(actor: Actor, data: dict) -> dict:
    round_id, proxy = data["round_id"], data.get("proxy")
    round_ = get_round(actor, round_id)
    # A closed anonymous round has forgotten whose ballot is whose, by design.
    if round_.status == "draft" or (round_.anonymous and round_.secret is None):
        return _ballot_view(round_, None)
    key, _proxy = _voter(actor, round_, proxy)
    ballot = db.session.scalar(select(Ballot).where(Ballot.round_id == round_.id,
                                                    Ballot.key == key))
    return _ballot_view(round_, ballot)


def proxies(actor: Actor, data: dict) -> list[dict]:
    """The proxy ballots of a round, for the facilitator entering paper dots."""
    round_id = data["round_id"]
    require_facilitator(actor)
    round_ = get_round(actor, round_id)
    return [{"proxy": ballot.proxy_label, **_ballot_view(round_, ballot)}
            for ballot in db.session.scalars(select(Ballot).where(
                Ballot.round_id == round_.id, Ballot.proxy_label.is_not(None))
                .order_by(Ballot.proxy_label))]


# -- choosing what to pilot ----------------------------------------------------------------------


def choose(actor: Actor, data: dict) -> VoteRound:
    """Select concepts to pilot - the top N by dots or picked by hand. Each becomes
    "selected" and gets a pilot; the rest are kept as they are or dropped."""
    require_facilitator(actor)
    require_open(actor)
    with write_transaction():
        round_ = get_round(actor, data["round_id"])
        if round_.target != "concepts":
            raise Invalid.field("round_id", _("Only concepts become pilots."))
        if round_.status != "closed":
            raise Invalid.field("round_id", _("Close the round first."))
        items = round_.item_ids or []
        if "top" in data:
            if not round_.revealed:
                raise Invalid.field("top", _("Reveal the results first."))
            ranked = ranking(_counts(round_.id), items)
            top = data["top"]
            if top < len(ranked) and ranked[top - 1]["count"] == ranked[top]["count"]:
                tied = [r["item_id"] for r in ranked if r["count"] == ranked[top]["count"]]
                names = [db.session.get(Concept, item).name for item in tied]
                raise Invalid.field("top", _(
                    "A tie crosses the line at place %(n)d: %(names)s have %(count)d dots "
                    "each. Choose by hand.", n=top, names=", ".join(names),
                    count=ranked[top]["count"]))
            chosen = [r["item_id"] for r in ranked[:top]]
        else:
            chosen = list(dict.fromkeys(data["concept_ids"]))
            unknown = [item for item in chosen if item not in items]
            if unknown:
                raise Invalid.field("concept_ids", _("Not on this round's ballot: %(ids)s.",
                                                     ids=", ".join(unknown)))
        for item in items:
            concept = db.session.get(Concept, item)
            if concept is None:
                continue
            if item in chosen:
                if concept.stage not in ("selected", "piloting"):
                    concept.stage = "selected"
                    record_by(actor, "concept", concept, type="concept.selected")
                create_pilot(actor, concept, round_)
            elif data.get("others") == "drop" and concept.stage != "dropped":
                concept.stage = "dropped"
                record_by(actor, "concept", concept, type="concept.dropped")
        round_.chosen_ids = chosen
        record_by(actor, "vote_round", round_, type="vote.chosen")
    return round_


def _forget_question(actor: Actor, question) -> None:
    """A round over a removed question's ideas keeps its results, under no question."""
    for round_ in db.session.scalars(select(VoteRound).where(VoteRound.hmw_id == question.id)):
        round_.hmw_id = None
        record_by(actor, "vote_round", round_, type="vote.question_removed")


HMW_REMOVED.append(_forget_question)
