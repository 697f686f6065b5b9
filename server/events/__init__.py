"""The workshop event log: every committed change is one numbered event."""
