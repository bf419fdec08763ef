"""Mail records, scheduled reminders and broadcasts: everything the platform tells people by email."""
