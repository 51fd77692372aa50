"""Writes of collab: the dispatcher, notifications and e-mail, comments, webhooks."""
