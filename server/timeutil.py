"""Time in one place: aware UTC datetimes and epoch seconds for clients."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (what every column stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def epoch(value: datetime | None) -> float | None:
    """Return a stored naive-UTC datetime as Unix seconds, for clients to compare."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC).timestamp()


def now_epoch() -> float:
    return datetime.now(UTC).timestamp()
