"""Organisers' messages to a group of an edition (jurors behind, nominators with drafts…)."""
