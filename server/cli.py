"""Command line: ``paja <command>`` (or ``flask --app server <command>``).

    paja db upgrade                     apply migrations
    paja create-facilitator NAME        make a facilitator account (asks for the password)
                                        (--admin: an instance administrator)
    paja make-admin NAME [--revoke]     give or take away instance administration
    paja set-password NAME              new password; every login of the account ends
    paja deactivate NAME / activate     close or reopen an account
    paja templates                      list the workshop templates, checking each
    paja personas                       list the persona library, checking each card
    paja demo                           create the demo workshop on an empty database
    paja reminders                      make the reminders that are due and send them
    paja export WORKSHOP_ID [--to DIR]  the archive, CSV tables and report, into exports/
    paja retention                      archive ended workshops, warn, delete expired ones
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import func, select

from .errors import ServiceError


def _fail(error: ServiceError) -> None:
    detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in (error.fields or {}).items())
    raise click.ClickException(error.message + (f" ({detail})" if detail else ""))


def _password(option: str | None) -> str:
    if option:
        return option
    from_env = os.environ.get("PAJA_PASSWORD")
    if from_env:
        return from_env
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.command("create-facilitator")
@click.argument("username")
@click.option("--name", "display_name", default="", help="Name shown to participants.")
@click.option("--password", default=None,
              help="Password (prefer the prompt, or PAJA_PASSWORD in the environment).")
@click.option("--admin", is_flag=True,
              help="An instance administrator: manages accounts, sees every workshop's "
                   "retention and the whole audit log.")
@with_appcontext
def create_facilitator(username, display_name, password, admin):
    """Create a facilitator account."""
    from .accounts.service import create_user

    try:
        user = create_user(username, display_name, _password(password), admin=admin)
    except ServiceError as error:
        _fail(error)
    click.echo(f"Created {'administrator' if admin else 'facilitator'} {user.username}.")


@click.command("make-admin")
@click.argument("username")
@click.option("--revoke", is_flag=True, help="Take administration away instead.")
@with_appcontext
def make_admin(username, revoke):
    """Make an account an instance administrator (or, with --revoke, no longer one)."""
    from .accounts.service import set_admin

    try:
        user = set_admin(username, not revoke)
    except ServiceError as error:
        _fail(error)
    click.echo(f"{user.username} is {'now' if user.is_admin else 'no longer'} an administrator.")


@click.command("set-password")
@click.argument("username")
@click.option("--password", default=None)
@with_appcontext
def set_password(username, password):
    """Set a facilitator's password; their open logins end."""
    from .accounts.service import set_password as set_pw
    from .members.service import disconnect

    try:
        user = set_pw(username, _password(password))
    except ServiceError as error:
        _fail(error)
    disconnect(user_id=user.id)
    click.echo(f"Password changed for {user.username}; their other logins have ended.")


@click.command("deactivate")
@click.argument("username")
@with_appcontext
def deactivate(username):
    """Close a facilitator account: it can no longer log in, and its live sockets close."""
    from .accounts.service import set_active
    from .members.service import disconnect

    try:
        user = set_active(username, False)
    except ServiceError as error:
        _fail(error)
    disconnect(user_id=user.id)
    click.echo(f"Deactivated {user.username}.")


@click.command("activate")
@click.argument("username")
@with_appcontext
def activate(username):
    """Reopen a closed facilitator account."""
    from .accounts.service import set_active

    try:
        user = set_active(username, True)
    except ServiceError as error:
        _fail(error)
    click.echo(f"Activated {user.username}.")


@click.command("templates")
@with_appcontext
def list_templates():
    """List the workshop templates; a broken one is named with its line and problem."""
    from .workshops.templates import TemplateError, available_templates

    try:
        templates = available_templates()
    except TemplateError as error:
        raise click.ClickException(str(error)) from None
    for key, template in templates.items():
        click.echo(f"{key}: {template.name('en')} ({len(template.data['sessions'])} sessions)")


@click.command("personas")
@with_appcontext
def list_personas():
    """List the persona library; a broken card is named with its line and problem."""
    from .personas.library import PersonaFileError, load_library

    try:
        cards = load_library()
    except PersonaFileError as error:
        raise click.ClickException(str(error)) from None
    for key, card in cards.items():
        click.echo(f"{card.kind:8} {key}: {card.title('fi')}")


DEMO_TEMPLATE = "service-design-coaching"


def demo_login_path() -> Path:
    return Path(current_app.instance_path) / "demo-login.txt"


def ensure_demo() -> dict | None:
    """Create the demo facilitator and workshop on an empty database.

    Returns the login and join code to show (also on later runs, while the demo account
    exists), or ``None`` when the database holds other data.
    """
    from .accounts.models import User
    from .accounts.service import create_user
    from .extensions import db
    from .schemas import new_id
    from .workshops.models import Workshop
    from .workshops.service import create_workshop

    path = demo_login_path()
    demo = db.session.scalar(select(User).where(User.username == "demo"))
    if demo is None:
        if db.session.scalar(select(func.count()).select_from(User)):
            return None
        password = secrets.token_urlsafe(9)
        demo = create_user("demo", "Demo-fasilitaattori", password)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password)
    workshop = db.session.scalar(
        select(Workshop).where(Workshop.created_by_id == demo.id).order_by(Workshop.created_at)
    )
    if workshop is None:
        workshop = create_workshop(demo, {"id": new_id(), "template": DEMO_TEMPLATE})
        add_demo_content(workshop, demo)
    password = path.read_text().strip() if path.exists() else "(set with: paja set-password demo)"
    return {"username": "demo", "password": password, "join_code": workshop.join_code,
            "workshop_id": workshop.id}


DEMO_IDEAS = [
    ("Aino", "Digituki kirjastoon: vertaisohjaajat auttavat kerran viikossa"),
    ("Ville", "Kirjaston digituki myös iltaisin"),
    ("Aino", "Lainattavat tabletit niille, joilla ei ole laitetta"),
    ("Ville", "Puhelinneuvonta, joka ohjaa askel kerrallaan"),
    ("Aino", "Selkokieliset ohjeet asiointiin"),
    ("Ville", "Kahvila, jossa voi tavata ohjaajan"),
]


def add_demo_content(workshop, user) -> None:
    """A little of workshop 2 already done, so a newcomer sees the board at work: two
    example participants, a framed challenge, a how-might-we question with ideas, a group
    of ideas and a concept grown from it. Everything can be removed like any content."""
    from .access import Actor, actor_in
    from .challenges.models import Challenge
    from .extensions import db
    from .live.commands import COMMANDS
    from .members.schemas import JoinRequest
    from .members.service import join
    from .personas.models import Persona
    from .schemas import new_id

    def run(actor, name, /, **args):
        command = COMMANDS[name]
        return command.run(actor, command.schema().load(args))

    lead = actor_in(workshop.id, user_id=user.id)  # as the facilitator's requests are
    people = {}
    for name, organisation in (("Aino", "Kela"), ("Ville", "Kaupunki")):
        # Joined as a phone joins (POST /api/join): the same schema, checks, key and event,
        # so the example people look like everyone else to every view and export. Nobody
        # resends these joins, so their keys are made and forgotten.
        member = join(workshop, JoinRequest().load({
            "code": workshop.join_code, "id": new_id(), "display_name": f"Esimerkki: {name}",
            "organisation": organisation, "key": secrets.token_urlsafe(24)}))
        people[name] = Actor(workshop, member.role, member, member.user_id)
    run(lead, "group.split", count=1, method="mix")
    challenge = db.session.scalar(select(Challenge).where(Challenge.workshop_id == workshop.id))
    personas = list(db.session.scalars(select(Persona.id).where(
        Persona.workshop_id == workshop.id).order_by(Persona.position).limit(2)))
    run(lead, "challenge.update", challenge_id=challenge.id, persona_ids=personas,
        statement="Moni ikäihminen jää ilman sähköisiä palveluja, koska laitetta, tunnuksia "
                  "tai apua ei ole silloin, kun sitä tarvitaan.")
    question = run(lead, "hmw.save", id=new_id(), challenge_id=challenge.id,
                   text="Miten voisimme tukea ikäihmisiä asioimaan verkossa?")
    ideas = [run(people[who], "idea.add", id=new_id(), hmw_id=question.id, text=text)
             for who, text in DEMO_IDEAS]
    cluster = run(lead, "cluster.save", id=new_id(), hmw_id=question.id,
                  name="Digituki kirjastossa", idea_ids=[ideas[0].id, ideas[1].id])
    run(lead, "concept.save", id=new_id(), cluster_id=cluster.id,
        what="Vertaisohjaajat ja kirjaston henkilökunta auttavat digiasioinnissa kirjastossa "
             "kerran viikossa, myös iltaisin.",
        first_try="Kokeillaan kahdessa kirjastossa kevään ajan.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Create the demo workshop (on an empty database) and print how to use it."""
    info = ensure_demo()
    if info is None:
        click.echo("The database already has facilitator accounts; no demo was created.")
        return
    print_demo(info)


def print_demo(info: dict, base_url: str | None = None) -> None:
    base = base_url or "http://127.0.0.1:5000"
    click.echo(
        "\n  Paja demo\n"
        f"  Facilitator: {base}/login   user: {info['username']}   password: {info['password']}\n"
        f"  Participants: {base}/   code: {info['join_code']}\n"
    )


@click.command("reminders")
@with_appcontext
def reminders_command():
    """Make the reminders that are due and send them (the server does this by itself every
    few minutes; this is for cron or a check by hand). Safe to run at any time: nothing is
    made or sent twice."""
    from .reminders.service import run_once

    made, sent = run_once()
    click.echo(f"Reminders made: {made}; e-mails and chat messages sent: {sent}")


@click.command("export")
@click.argument("workshop_id")
@click.option("--to", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder to write into (default: exports/ in the project).")
@with_appcontext
def export_command(workshop_id, folder):
    """Write a workshop's archive, CSV tables and report (Markdown and PDF)."""
    from .exports.service import write_all

    target = Path(folder) if folder else Path(__file__).resolve().parents[1] / "exports"
    try:
        written, failed = write_all(workshop_id, target)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    from .audit.service import audit

    audit("export.downloaded", workshop_id=workshop_id, target_kind="files",
          details={"kinds": [path.name.rsplit("-", 1)[-1] for path in written]})
    for path in written:
        click.echo(str(path))
    if failed:
        raise click.ClickException("Could not make " + "; ".join(
            f"{kind} ({why})" for kind, why in failed.items()) + " - the others were written")


@click.command("retention")
@with_appcontext
def retention_command():
    """Archive workshops whose programme has ended, warn before deletion, delete those
    whose retention has run out, compact event logs and drop expired audit entries (cron,
    e.g. daily; once across processes)."""
    from .retention.service import run_once

    done = run_once()
    if done is None:
        click.echo("Another process is running retention now; nothing done.")
        return
    click.echo(", ".join(f"{key.replace('_', ' ')}: {value}" for key, value in done.items()))


def register_cli(app: Flask) -> None:
    for command in (create_facilitator, set_password, deactivate, activate, list_templates,
                    list_personas, demo_command, reminders_command, export_command,
                    make_admin, retention_command):
        app.cli.add_command(command)


def main() -> None:
    # The command line serves no sockets; with a message queue it still reaches the servers.
    os.environ.setdefault("PAJA_ASYNC_MODE", "threading")
    from . import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), help=__doc__)
    sys.exit(cli.main())
