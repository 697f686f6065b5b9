"""The live commands of reminders: my notifications and channels, the workshop's settings."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    NotificationOut,
    Preferences,
    PreferencesOut,
    ReadNotifications,
    Settings,
    SettingsOut,
)

command("notify.preferences", Preferences, PreferencesOut, dump=service.dump_preference)(
    service.save_preferences)
command("notify.read", ReadNotifications, NotificationOut(many=True),
        dump=service.dump_notification)(service.mark_read)
command("reminders.settings", Settings, SettingsOut, dump=service.dump_settings)(
    service.save_settings)
