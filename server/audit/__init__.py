"""The audit log: who (a facilitator account) did what security-relevant thing, when."""
