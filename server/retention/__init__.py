"""Retention: archive a workshop once its programme has ended, delete it a set number of
months after archiving (warning its facilitators first), compact the event logs of the
workshops that remain, and let audit entries go after their period."""
