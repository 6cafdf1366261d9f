"""NPC rules that are not a service: relationship labels, personality text."""
