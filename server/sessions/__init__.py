"""Sessions: live meetings (or async weeks) with an agenda of phases, a timer and a lock."""
