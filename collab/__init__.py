"""Working together on claims: notifications, discussion and webhooks, derived from the audit trail."""
