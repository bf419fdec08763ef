"""Scheduled judging reminders: before the deadline (7, 2, 1 days) and daily once overdue."""
