"""Members: the people of one workshop, with their role."""
